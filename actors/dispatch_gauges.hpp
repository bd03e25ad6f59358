#pragma once

// Live figures of the dispatcher, written by it and read without a message
// round trip by whoever needs them on the request path (admission control)
// or for metrics.

#include <atomic>
#include <cstdint>

namespace actors {

struct dispatch_gauges {
  std::atomic<std::uint64_t> queued{0};    // jobs waiting for a worker
  std::atomic<std::uint64_t> in_flight{0}; // jobs on a worker (or loading for one)
  std::atomic<std::uint64_t> workers{0};   // workers of nodes that are up
};

} // namespace actors
