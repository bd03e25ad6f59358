#pragma once

// What is still to be written on one connection, in order, and the
// half-close that may follow it. Answers are handed over on any thread and
// written at once as far as the socket takes them; the rest goes out when
// the socket is writable again (connection_reactor calls resume()).
// Thread-safe.

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace http_api {

class outbox {
public:
  /// Writes on `fd`, which must stay open as long as the outbox is used.
  explicit outbox(int fd) noexcept : fd_(fd) {}

  enum class state {
    drained, // everything is written (and the half-close done, if asked)
    blocked, // bytes wait for the socket: call resume() once it is writable
    failed,  // the peer is gone; what was queued is dropped, later sends too
  };

  /// Queues `chunks` (written in order, after what is queued) and, with
  /// `then_close`, a half-close (shutdown for writing) once they are out;
  /// writes what the socket takes now.
  state send(std::vector<std::string> chunks, bool then_close);

  /// Writes what the socket takes now.
  state resume();

  /// Since when queued bytes have waited without the socket taking any;
  /// nullopt when nothing waits.
  std::optional<std::chrono::steady_clock::time_point> stalled_since();

private:
  state flush();

  std::mutex mutex_;
  const int fd_;
  std::deque<std::string> queue_;
  std::size_t written_of_front_ = 0;
  bool close_after_ = false;
  bool failed_ = false;
  std::chrono::steady_clock::time_point last_progress_;
};

} // namespace http_api
