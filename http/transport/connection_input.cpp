#include "http/transport/connection_input.hpp"

#include <utility>

namespace http_api {

connection_input::arrival connection_input::receive(std::string_view bytes) {
  std::lock_guard lock(mutex_);
  if (closed_)
    return arrival::ignored;
  // Only while answering can bytes pile up: otherwise the turn's holder is
  // already taking them.
  if (answering_ && held_.size() + bytes.size() > max_early_bytes_) {
    closed_ = true;
    held_ = std::string();
    return arrival::over_limit;
  }
  held_.append(bytes);
  return take_turn() ? arrival::parse : arrival::held;
}

std::optional<std::string> connection_input::next(std::size_t max_bytes) {
  std::lock_guard lock(mutex_);
  if (closed_ || answering_ || held_.empty()) {
    turn_taken_ = false;
    return std::nullopt;
  }
  if (max_bytes >= held_.size())
    return std::exchange(held_, std::string());
  std::string chunk = held_.substr(0, max_bytes);
  held_.erase(0, max_bytes);
  return chunk;
}

void connection_input::request_complete(std::string_view unused) {
  std::lock_guard lock(mutex_);
  answering_ = true;
  if (!closed_)
    held_.insert(0, unused);
}

bool connection_input::answer(const std::function<void(bool close_after)>& send) {
  std::lock_guard lock(mutex_);
  answering_ = false;
  send(closed_);
  return take_turn();
}

void connection_input::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  held_ = std::string();
}

bool connection_input::close_if_quiet(const std::function<bool()>& expired) {
  std::lock_guard lock(mutex_);
  if (closed_ || turn_taken_ || answering_ || !expired())
    return false;
  closed_ = true;
  held_ = std::string();
  return true;
}

bool connection_input::closed() {
  std::lock_guard lock(mutex_);
  return closed_;
}

bool connection_input::take_turn() {
  if (turn_taken_ || closed_ || answering_ || held_.empty())
    return false;
  turn_taken_ = true;
  return true;
}

} // namespace http_api
