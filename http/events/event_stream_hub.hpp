#pragma once

// GET /v1/events: every listener's stream of Server-Sent Events, fed from
// the outbox (storage/event_log.hpp) by one thread. Writes never wait for a
// client (the transport queues them and drops a client that reads too
// slowly), so many listeners cost one reader of the outbox and a little
// memory each. Thread-safe.

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "actors/model/image_event.hpp"
#include "http/http_message.hpp"
#include "storage/event_log.hpp"

namespace events {

/// One message of an event stream (the WHATWG HTML standard's
/// text/event-stream): "id: <event id>", "event: <type>", "data: <the
/// event's JSON on one line>" and an empty line.
std::string sse_message(const model::image_event& event);

class event_stream_hub {
public:
  /// Sends a comment on every stream that got nothing for `heartbeat`.
  event_stream_hub(storage::event_log& log, std::chrono::milliseconds heartbeat);
  /// Ends every stream.
  ~event_stream_hub();
  event_stream_hub(const event_stream_hub&) = delete;
  event_stream_hub& operator=(const event_stream_hub&) = delete;

  /// Writes to `stream` each event after `after` (an event id; empty: the
  /// oldest kept) that passes `filter`, until the stream closes.
  void listen(std::shared_ptr<http_api::body_stream> stream, model::event_filter filter,
              std::string after);

  /// Streams open now.
  std::size_t listeners() const;

private:
  struct listener {
    std::shared_ptr<http_api::body_stream> stream;
    model::event_filter filter;
    std::string cursor;
    std::chrono::steady_clock::time_point last_write;
  };

  void run();
  // Writes the events that follow the listeners' cursors; true when more
  // may follow at once.
  bool feed(std::vector<std::shared_ptr<listener>>& current);

  storage::event_log& log_;
  const std::chrono::milliseconds heartbeat_;
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<listener>> listeners_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

} // namespace events
