#pragma once

#include <memory>
#include <string>
#include <vector>

#include <caf/fwd.hpp>

#include "actors/model/problem.hpp"

namespace shell {

class shell_config;

/// A connection to the head's inspector, after the same challenge and
/// proof of the cluster secret as a worker node gives. Not thread-safe.
class inspector_session {
public:
  /// Connects to cfg.host:cfg.port (over TLS when configured) and proves
  /// the secret. Fails with unavailable (cannot connect), unauthorized
  /// (refused by the head) or timeout.
  static model::outcome<std::unique_ptr<inspector_session>>
  open(caf::actor_system& system, const shell_config& cfg, const std::string& secret);

  ~inspector_session();

  /// Runs one command on the head and returns its JSON answer, or the
  /// head's problem with it (or timeout when it does not answer in time).
  model::outcome<std::string> run(const std::vector<std::string>& command);

private:
  struct parts;
  explicit inspector_session(std::unique_ptr<parts> parts);
  std::unique_ptr<parts> parts_;
};

} // namespace shell
