#include "actors/telemetry/minute_window.hpp"

#include <algorithm>
#include <vector>

namespace telemetry {

namespace {

constexpr auto span = std::chrono::minutes(1);

double percentile_ms(std::vector<std::chrono::microseconds>& sorted, double fraction) {
  auto index = static_cast<std::size_t>(fraction * static_cast<double>(sorted.size() - 1) + 0.5);
  return static_cast<double>(sorted[index].count()) / 1000.0;
}

} // namespace

void minute_window::forget_before(clock::time_point cutoff) const {
  while (!events_.empty() && events_.front().first < cutoff)
    events_.pop_front();
}

void minute_window::record(std::chrono::microseconds took, clock::time_point at) {
  std::lock_guard guard{mutex_};
  events_.emplace_back(at, took);
  forget_before(at - span);
}

window_summary minute_window::summary(clock::time_point now) const {
  std::vector<std::chrono::microseconds> durations;
  {
    std::lock_guard guard{mutex_};
    forget_before(now - span);
    durations.reserve(events_.size());
    for (const auto& [at, took] : events_)
      durations.push_back(took);
  }
  window_summary summary;
  summary.events = durations.size();
  summary.per_second = static_cast<double>(durations.size()) / 60.0;
  if (durations.empty())
    return summary;
  std::sort(durations.begin(), durations.end());
  summary.p50_ms = percentile_ms(durations, 0.50);
  summary.p95_ms = percentile_ms(durations, 0.95);
  summary.p99_ms = percentile_ms(durations, 0.99);
  return summary;
}

} // namespace telemetry
