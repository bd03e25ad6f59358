#pragma once

// Waiting without sleeping as synchronisation: a condition is polled until
// it holds or a deadline passes. The deadline only guards against a hung
// test; it never decides the order of events.

#include <chrono>
#include <functional>

namespace test_support {

/// A point in time after which a wait gives up.
class deadline {
public:
  /// The deadline `span` from now.
  static deadline in(std::chrono::milliseconds span);

  bool passed() const;
  /// Time left; zero once passed.
  std::chrono::milliseconds remaining() const;

private:
  explicit deadline(std::chrono::steady_clock::time_point at) : at_(at) {}
  std::chrono::steady_clock::time_point at_;
};

/// Calls `ready` every `interval` until it returns true (returns true) or
/// `until` passes (returns false; `ready` is called once more at the
/// deadline). Exceptions from `ready` propagate.
bool poll_until(const std::function<bool()>& ready, deadline until,
                std::chrono::milliseconds interval = std::chrono::milliseconds(10));

} // namespace test_support
