#pragma once

// HOST:PORT as written in cluster.head and caf-shell's --connect: the host
// may be a name, an IPv4 address or a bracketed IPv6 address ([::1]:4242).

#include <cstdint>
#include <optional>
#include <string>

namespace nodes {

struct host_port {
  std::string host; // without the brackets of an IPv6 address
  std::uint16_t port = 0;
};

/// The host and port of `text`, or nothing when the host is empty or the
/// port is not a number from 1 to 65535 with nothing after it.
std::optional<host_port> parse_host_port(const std::string& text);

} // namespace nodes
