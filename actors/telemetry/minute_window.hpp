#pragma once

// Durations of the events of the last minute (requests, jobs), for the
// rate and latency figures of the inspection shell. Thread-safe.

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>

#include "actors/model/cluster.hpp"

namespace telemetry {

struct window_summary {
  std::uint64_t events = 0; // in the last minute
  double per_second = 0;    // events / 60
  double p50_ms = 0;
  double p95_ms = 0;
  double p99_ms = 0;
};

/// The summary as the cluster's views show it.
inline model::job_window to_job_window(const window_summary& summary) {
  return {summary.events, summary.per_second, summary.p50_ms, summary.p95_ms, summary.p99_ms};
}

class minute_window {
public:
  using clock = std::chrono::steady_clock;

  void record(std::chrono::microseconds took, clock::time_point at = clock::now());
  window_summary summary(clock::time_point now = clock::now()) const;

private:
  void forget_before(clock::time_point cutoff) const;

  mutable std::mutex mutex_;
  mutable std::deque<std::pair<clock::time_point, std::chrono::microseconds>> events_;
};

} // namespace telemetry
