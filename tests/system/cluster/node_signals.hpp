#pragma once

// Signals node_process does not send itself: SIGSTOP and SIGCONT, to make a
// node hang and come back.

#include <sys/types.h>

#include "tests/support/node_process.hpp"

namespace cluster_tests {

/// The process id of `node`, found by its --storage.path argument (unique
/// to the node's folder). Throws std::runtime_error when no such process
/// runs.
pid_t process_id_of(const test_support::node_process& node);

/// Sends `signal` to the process of `node`. Throws std::runtime_error when
/// it does not run or the signal cannot be sent.
void send_signal(const test_support::node_process& node, int signal);

} // namespace cluster_tests
