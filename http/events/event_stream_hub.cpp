#include "http/events/event_stream_hub.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "http/views/json_views.hpp"

namespace events {

namespace {

// Events read from the outbox at a time.
constexpr std::size_t batch_size = 256;

// The longest the hub waits before it looks again for new events, new
// listeners, closed streams and heartbeats due.
constexpr std::chrono::milliseconds longest_wait{200};

const std::string heartbeat_comment = ": heartbeat\n\n";

} // namespace

std::string sse_message(const model::image_event& event) {
  // dump() escapes every line break inside strings: the data is one line.
  return "id: " + event.id + "\nevent: " + model::to_string(event.type) +
         "\ndata: " + http_api::event_json(event).dump() + "\n\n";
}

event_stream_hub::event_stream_hub(storage::event_log& log, std::chrono::milliseconds heartbeat)
    : log_(log), heartbeat_(heartbeat) {
  thread_ = std::thread([this] { run(); });
}

event_stream_hub::~event_stream_hub() {
  stopping_ = true;
  thread_.join();
  std::lock_guard<std::mutex> guard(mutex_);
  for (const auto& each : listeners_)
    each->stream->end();
}

void event_stream_hub::listen(std::shared_ptr<http_api::body_stream> stream,
                              model::event_filter filter, std::string after) {
  auto added = std::make_shared<listener>(listener{
      std::move(stream), std::move(filter), std::move(after), std::chrono::steady_clock::now()});
  std::lock_guard<std::mutex> guard(mutex_);
  listeners_.push_back(std::move(added));
}

std::size_t event_stream_hub::listeners() const {
  std::lock_guard<std::mutex> guard(mutex_);
  return listeners_.size();
}

void event_stream_hub::run() {
  while (!stopping_) {
    auto generation = log_.events_generation();
    std::vector<std::shared_ptr<listener>> current;
    {
      std::lock_guard<std::mutex> guard(mutex_);
      listeners_.erase(std::remove_if(listeners_.begin(), listeners_.end(),
                                      [](const auto& each) { return !each->stream->open(); }),
                       listeners_.end());
      current = listeners_;
    }
    if (!current.empty() && feed(current))
      continue;
    auto now = std::chrono::steady_clock::now();
    auto wait = longest_wait;
    for (const auto& each : current) {
      auto due = each->last_write + heartbeat_;
      if (due <= now) {
        each->stream->write(heartbeat_comment);
        each->last_write = now;
        due = now + heartbeat_;
      }
      wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(due - now));
    }
    log_.wait_for_events(generation, wait);
  }
}

bool event_stream_hub::feed(std::vector<std::shared_ptr<listener>>& current) {
  std::string from = current.front()->cursor;
  for (const auto& each : current)
    from = std::min(from, each->cursor);
  auto events = log_.events_after(from, batch_size);
  if (!events) {
    spdlog::error("event streams cannot read events: {}", events.error().message);
    return false;
  }
  auto now = std::chrono::steady_clock::now();
  for (const auto& event : *events) {
    std::string message;
    for (const auto& each : current) {
      if (each->cursor >= event.id)
        continue;
      each->cursor = event.id;
      if (!each->filter.passes(event))
        continue;
      if (message.empty())
        message = sse_message(event);
      each->stream->write(message);
      each->last_write = now;
    }
  }
  return events->size() == batch_size;
}

} // namespace events
