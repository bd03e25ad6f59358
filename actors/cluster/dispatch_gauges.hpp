#pragma once

// Live figures of the work accepted and not yet done, written by the
// dispatcher and the image actors and read without a message round trip by
// whoever needs them on the request path (admission control) or for
// metrics.

#include <atomic>
#include <cstdint>

namespace actors {

struct dispatch_gauges {
  std::atomic<std::uint64_t> queued{0};    // jobs waiting for a worker
  std::atomic<std::uint64_t> in_flight{0}; // jobs on a worker (or loading for one)
  std::atomic<std::uint64_t> workers{0};   // workers of nodes that are up
  // Versions accepted and waiting inside their image actor behind the one it
  // runs (an image runs one version at a time): backlog the dispatcher does
  // not see.
  std::atomic<std::uint64_t> held{0};
};

} // namespace actors
