#pragma once

namespace nodes {

/// Blocks SIGINT and SIGTERM in the calling thread and every thread it
/// starts afterwards, so that only wait_for_shutdown_signal() sees them.
/// Call first thing in main().
void block_shutdown_signals();

/// Waits until SIGINT or SIGTERM arrives; returns its number.
int wait_for_shutdown_signal();

} // namespace nodes
