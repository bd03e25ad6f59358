#pragma once

#include "nodes/node_config.hpp"

namespace nodes {

/// Runs a worker node: worker actors only, offered to the head at
/// cluster.head, rejoining whenever the head comes back. On SIGINT or
/// SIGTERM it stops taking jobs, lets running ones finish, leaves the head
/// and ends the process with exit code 0; with 2 when the head refuses it
/// (wrong secret). Returns 1 when it could not start.
int run_worker(node_config& cfg);

} // namespace nodes
