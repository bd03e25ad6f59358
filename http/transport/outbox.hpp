#pragma once

// What is still to be written on one connection, in order, and the
// half-close that may follow it. Answers are handed over on any thread and
// written at once as far as the socket takes them; the rest goes out when
// the socket is writable again (connection_reactor calls resume()). A body
// in a file is sent with sendfile, never read into memory. Thread-safe.

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "http/http_message.hpp"

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

  /// Queues `chunks` (written in order, after what is queued), then `file`
  /// unless null, and, with `then_close`, a half-close (shutdown for
  /// writing) once they are out; writes what the socket takes now.
  state send(std::vector<std::string> chunks, bool then_close,
             std::shared_ptr<const file_body> file = nullptr);

  /// Writes what the socket takes now.
  state resume();

  /// Bytes queued and not yet written (file bodies count as their length).
  std::uint64_t queued_bytes();

  /// Since when queued bytes have waited without the socket taking any;
  /// nullopt when nothing waits.
  std::optional<std::chrono::steady_clock::time_point> stalled_since();

private:
  // Bytes in memory, or a part of a file.
  struct piece {
    std::string bytes;
    std::shared_ptr<const file_body> file;
    std::uint64_t sent = 0;
    std::uint64_t size() const noexcept {
      return file ? file->length() : bytes.size();
    }
  };

  state flush();
  // One write of the pieces at the front; false when the socket takes none.
  bool write_some(state& outcome);

  std::mutex mutex_;
  const int fd_;
  std::deque<piece> queue_;
  bool close_after_ = false;
  bool failed_ = false;
  std::chrono::steady_clock::time_point last_progress_;
};

} // namespace http_api
