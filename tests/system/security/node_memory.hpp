#pragma once

// The resident memory of a caf-node child process, to show that hostile
// inputs are refused without the memory they claim.

#include <sys/types.h>

#include <cstdint>

namespace security_test {

/// "A few MB": what a node may grow by while it refuses hostile inputs
/// (allocator and socket buffers, log lines), far below what any of them
/// claims.
constexpr std::uint64_t flat_growth_kib = 6 * 1024;

/// The caf-node child of this process serving HTTP on `http_port` (found by
/// its --http.port= argument). Throws std::runtime_error when there is none.
pid_t node_pid(std::uint16_t http_port);

/// The resident set size of `pid` in KiB (VmRSS). Throws std::runtime_error
/// when the process is gone.
std::uint64_t resident_kib(pid_t pid);

} // namespace security_test
