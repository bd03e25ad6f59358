#pragma once

// An image actor's share of dispatch_gauges::held: set to the number of
// versions it holds queued, and given back when the actor ends (stops,
// passivates or fails), so the total always counts live actors only.

#include <cstdint>
#include <memory>

#include "actors/cluster/dispatch_gauges.hpp"

namespace actors {

class held_versions {
public:
  held_versions() = default;
  held_versions(const held_versions&) = delete;
  held_versions& operator=(const held_versions&) = delete;
  ~held_versions() {
    update(0);
  }

  /// Counts into `gauges` from now on (none: nothing is counted).
  void count_into(std::shared_ptr<dispatch_gauges> gauges) {
    gauges_ = std::move(gauges);
  }

  /// This actor now holds `count` queued versions.
  void update(std::uint64_t count) {
    if (gauges_ && count != count_) {
      gauges_->held += count;
      gauges_->held -= count_;
    }
    count_ = count;
  }

private:
  std::shared_ptr<dispatch_gauges> gauges_;
  std::uint64_t count_ = 0;
};

} // namespace actors
