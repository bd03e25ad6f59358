#pragma once

// Every option of caf-shell. They come from the command line only: a shell
// reads no config file, so that a stray caf-node.ini cannot change it.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <caf/actor_system_config.hpp>

namespace shell {

class shell_config : public caf::actor_system_config {
public:
  shell_config();

  /// Reads the command line and checks every value. Returns the problems
  /// found, one line each (empty when all is well).
  std::vector<std::string> read_options(int argc, char** argv);

  bool help_printed() const {
    return cli_helptext_printed;
  }

  std::string connect;                             // HOST:PORT of the head's cluster port
  std::string command;                             // -c: run this one command and exit
  bool json = false;                               // machine-readable output
  caf::timespan timeout = std::chrono::seconds(5); // per request
  std::string cluster_secret;
  std::string cluster_secret_file;

  // Parsed from `connect`.
  std::string host;
  std::uint16_t port = 0;

  bool uses_tls() const {
    return !openssl_certificate.empty();
  }
};

} // namespace shell
