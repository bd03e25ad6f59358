#pragma once

// Translates the validated options into the settings of each component:
// the one place where an option reaches the code that uses it.

#include <chrono>
#include <string>

#include "actors/cluster/dispatcher.hpp"
#include "actors/housekeeping/housekeeper.hpp"
#include "actors/image/image_registry.hpp"
#include "actors/imaging/image_limits.hpp"
#include "actors/service/service_bridge.hpp"
#include "http/server.hpp"
#include "http/webhooks/webhook_options.hpp"
#include "nodes/child_workers.hpp"
#include "nodes/node_config.hpp"

namespace nodes {

/// The settings of every component as the options say. What exists only at
/// run time (actor handles, the store, gauges, metrics) and what is read
/// from files (profiles, API keys) is filled in where the components are
/// spawned (head_node.cpp).
struct component_settings {
  imaging::image_limits limits;
  actors::dispatcher_settings dispatcher;
  actors::registry_settings registry;
  actors::housekeeping_settings housekeeping;
  actors::bridge_settings bridge;
  http_api::server_options http;
  webhooks::webhook_options webhooks;
  std::chrono::milliseconds events_heartbeat{defaults::events_heartbeat};
};

component_settings settings_of(const node_config& cfg);

/// The worker processes of a head whose gate listens on `cluster_port`.
child_workers_options child_workers_options_of(const node_config& cfg, std::uint16_t cluster_port,
                                               const std::string& node_id,
                                               const std::string& secret);

std::chrono::milliseconds millis(caf::timespan span);

} // namespace nodes
