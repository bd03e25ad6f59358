#pragma once

// The connection limit (server_options::max_connections), shared by the
// server's event-loop threads.

#include <atomic>
#include <cstddef>

namespace http_api {

/// Counts open connections against a limit. Every connection takes a slot
/// when it opens and releases it when it closes, including those refused
/// for being over the limit: they hold a socket until they are gone.
/// Thread-safe.
class connection_slots {
public:
  explicit connection_slots(std::size_t limit) : limit_(limit) {}

  enum class admission {
    accepted,
    refused,
    first_refused, // the first refusal since a connection was accepted
  };

  /// Counts a new connection and says whether it is within the limit. The
  /// first refusal in a row is told apart, so that a flood of connections
  /// is logged once, not once per connection.
  admission take() noexcept {
    if (open_.fetch_add(1) < limit_) {
      refusing_.store(false);
      return admission::accepted;
    }
    return refusing_.exchange(true) ? admission::refused : admission::first_refused;
  }

  /// Counts a closed connection.
  void release() noexcept {
    open_.fetch_sub(1);
  }

  std::size_t limit() const noexcept {
    return limit_;
  }

private:
  const std::size_t limit_;
  std::atomic<std::size_t> open_{0};
  std::atomic<bool> refusing_{false};
};

} // namespace http_api
