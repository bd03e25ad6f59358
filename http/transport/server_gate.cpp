#include "http/transport/server_gate.hpp"

namespace http_api {

bool server_gate::run(const std::function<void()>& work) {
  {
    std::lock_guard lock(mutex_);
    if (!open_)
      return false;
    ++running_;
  }
  struct leaving {
    server_gate& gate;
    ~leaving() {
      gate.leave();
    }
  } on_exit{*this};
  work();
  return true;
}

void server_gate::close() {
  std::unique_lock lock(mutex_);
  open_ = false;
  idle_.wait(lock, [this] { return running_ == 0; });
}

void server_gate::leave() {
  std::lock_guard lock(mutex_);
  if (--running_ == 0)
    idle_.notify_all();
}

} // namespace http_api
