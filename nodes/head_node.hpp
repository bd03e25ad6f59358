#pragma once

#include "nodes/node_config.hpp"

namespace nodes {

/// Runs a node that holds the data: HTTP API, image actors, storage, the
/// dispatcher and its local workers, and the gate worker nodes join through
/// (roles standalone and head). Runs until SIGINT or SIGTERM, then stops
/// taking requests, lets running jobs finish (up to node.shutdown-timeout)
/// and flushes storage. Returns the exit code: 0 after a clean stop, 1 when
/// the node could not start.
int run_head(node_config& cfg);

} // namespace nodes
