#pragma once

#include "nodes/node_config.hpp"

namespace nodes {

/// Runs the embedded default: HTTP API, image actors, storage and local
/// workers in this process, until SIGINT or SIGTERM. Returns the exit code:
/// 0 after a clean stop, 1 when the node could not start.
int run_standalone(node_config& cfg);

} // namespace nodes
