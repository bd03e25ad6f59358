#include "storage/event_sequence.hpp"

#include <cstdio>

namespace storage {

event_sequence::ticket& event_sequence::ticket::operator=(ticket&& other) noexcept {
  if (this != &other) {
    if (owner_ != nullptr)
      owner_->release(number_);
    owner_ = other.owner_;
    number_ = other.number_;
    id_ = std::move(other.id_);
    other.owner_ = nullptr;
  }
  return *this;
}

event_sequence::ticket::~ticket() {
  if (owner_ != nullptr)
    owner_->release(number_);
}

event_sequence::ticket event_sequence::take() {
  std::lock_guard<std::mutex> guard(mutex_);
  auto number = next_++;
  in_flight_.insert(number);
  ticket taken(this, number);
  taken.id_ = id_of(number);
  return taken;
}

std::string event_sequence::readable() {
  std::lock_guard<std::mutex> guard(mutex_);
  return id_of(in_flight_.empty() ? next_ : *in_flight_.begin());
}

std::string event_sequence::id_of(std::uint64_t number) const {
  char text[32];
  std::snprintf(text, sizeof(text), "%010llu-%012llu", static_cast<unsigned long long>(boot_),
                static_cast<unsigned long long>(number));
  return text;
}

std::uint64_t event_sequence::generation() {
  std::lock_guard<std::mutex> guard(mutex_);
  return generation_;
}

void event_sequence::wait_past(std::uint64_t seen, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> guard(mutex_);
  released_.wait_for(guard, timeout, [&] { return generation_ != seen; });
}

void event_sequence::release(std::uint64_t number) {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    in_flight_.erase(number);
    ++generation_;
  }
  released_.notify_all();
}

} // namespace storage
