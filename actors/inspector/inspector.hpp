#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <caf/fwd.hpp>

#include "actors/protocol.hpp"
#include "actors/telemetry/metrics.hpp"

namespace actors {

struct inspector_settings {
  dispatcher_actor dispatcher;
  registry_actor registry;
  /// The head's request and job figures; may be null (stats then shows none).
  std::shared_ptr<telemetry::metrics> metrics;
  /// The effective configuration as (option, value) rows, secrets already
  /// hidden by whoever builds it.
  std::vector<std::pair<std::string, std::string>> config;
  /// The webhooks and how their deliveries stand, as a JSON object of one
  /// table ({"webhooks": [rows]}); none when empty.
  std::function<std::string()> webhooks;
  /// Deadline of each request the inspector sends on behalf of a command.
  std::chrono::milliseconds request_timeout{std::chrono::seconds(5)};
};

/// Spawns the actor behind caf-shell. Each command (its words) is answered
/// with a JSON object; its arrays of objects are the tables a person sees.
/// Commands: nodes, workers, actors, images [N], image ID, jobs, stats,
/// config, operations, webhooks, drain NODE, undrain NODE. Errors travel as problems
/// (invalid_request for unknown commands or arguments, not_found for
/// unknown images and nodes).
inspector_actor spawn_inspector(caf::actor_system& system, inspector_settings settings);

} // namespace actors
