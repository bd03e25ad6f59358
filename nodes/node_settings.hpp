#pragma once

// Translates the validated options into the settings of each component.

#include <chrono>
#include <string>

#include "actors/cluster/dispatcher.hpp"
#include "actors/imaging/image_limits.hpp"
#include "http/server.hpp"
#include "nodes/child_workers.hpp"

#include "nodes/node_config.hpp"

namespace nodes {

imaging::image_limits limits_of(const node_config& cfg);
actors::dispatcher_settings dispatcher_settings_of(const node_config& cfg);
http_api::server_options server_options_of(const node_config& cfg);

/// The worker processes of a head whose gate listens on `cluster_port`.
child_workers_options child_workers_options_of(const node_config& cfg, std::uint16_t cluster_port,
                                               const std::string& node_id,
                                               const std::string& secret);

std::chrono::milliseconds millis(caf::timespan span);

} // namespace nodes
