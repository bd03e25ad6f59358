#pragma once

#include <cstdint>
#include <string>

namespace nodes {

/// This machine's host name.
std::string host_name();

/// The address of this machine that packets to host:port leave from (what
/// the head sees the node as), found by routing a UDP socket without
/// sending anything. Falls back to `host_name()` when the host does not
/// resolve or has no route.
std::string local_address_towards(const std::string& host, std::uint16_t port);

} // namespace nodes
