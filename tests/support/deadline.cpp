#include "tests/support/deadline.hpp"

#include <algorithm>
#include <thread>

namespace test_support {

deadline deadline::in(std::chrono::milliseconds span) {
  return deadline(std::chrono::steady_clock::now() + span);
}

bool deadline::passed() const {
  return std::chrono::steady_clock::now() >= at_;
}

std::chrono::milliseconds deadline::remaining() const {
  auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(at_ - std::chrono::steady_clock::now());
  return std::max(left, std::chrono::milliseconds(0));
}

bool poll_until(const std::function<bool()>& ready, deadline until,
                std::chrono::milliseconds interval) {
  while (!until.passed()) {
    if (ready())
      return true;
    std::this_thread::sleep_for(std::min(interval, until.remaining()));
  }
  return ready();
}

} // namespace test_support
