#include "http/transport/connection_reactor.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <vector>

namespace http_api {

namespace {

// The id of the wake-up eventfd; connection ids start at 1.
constexpr std::uint64_t wake_id = 0;

int checked(int result, const char* what) {
  if (result < 0)
    throw std::system_error(errno, std::generic_category(), what);
  return result;
}

} // namespace

connection_reactor::connection_reactor(std::chrono::milliseconds tick)
    : tick_(tick), epoll_fd_(checked(::epoll_create1(EPOLL_CLOEXEC), "epoll_create1")),
      wake_fd_(checked(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK), "eventfd")) {
  epoll_event wake{};
  wake.events = EPOLLIN;
  wake.data.u64 = wake_id;
  checked(::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake), "epoll_ctl");
  thread_ = std::thread([this] { run(); });
}

connection_reactor::~connection_reactor() {
  stop();
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

std::uint64_t connection_reactor::add(std::weak_ptr<watched_connection> connection) {
  std::lock_guard lock(mutex_);
  auto id = next_id_++;
  connections_.emplace(id, std::move(connection));
  return id;
}

void connection_reactor::remove(std::uint64_t id, int fd) {
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  std::lock_guard lock(mutex_);
  connections_.erase(id);
}

void connection_reactor::watch_writable(std::uint64_t id, int fd,
                                        std::shared_ptr<watched_connection> connection) {
  std::lock_guard lock(mutex_);
  if (stopped_)
    return;
  writable_[id] = std::move(connection);
  epoll_event event{};
  event.events = EPOLLOUT | EPOLLONESHOT;
  event.data.u64 = id;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &event) != 0 && errno == ENOENT)
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event);
}

void connection_reactor::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopped_)
      return;
    stopped_ = true;
  }
  std::uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof(one));
  if (thread_.joinable())
    thread_.join();
  std::lock_guard lock(mutex_);
  writable_.clear();
}

void connection_reactor::run() {
  auto next_tick = std::chrono::steady_clock::now() + tick_;
  epoll_event events[64];
  for (;;) {
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
        next_tick - std::chrono::steady_clock::now());
    int count = ::epoll_wait(epoll_fd_, events, 64, wait.count() > 0 ? int(wait.count()) : 0);
    {
      std::lock_guard lock(mutex_);
      if (stopped_)
        return;
    }
    // Called outside the lock: a connection may watch again, or go away.
    std::vector<std::uint64_t> ready_ids;
    for (int i = 0; i < count; ++i)
      ready_ids.push_back(events[i].data.u64);
    for (auto& connection : take_writable(ready_ids))
      connection->on_writable();
    if (std::chrono::steady_clock::now() >= next_tick) {
      tick();
      next_tick = std::chrono::steady_clock::now() + tick_;
    }
  }
}

std::vector<std::shared_ptr<watched_connection>>
connection_reactor::take_writable(const std::vector<std::uint64_t>& ready_ids) {
  std::vector<std::shared_ptr<watched_connection>> ready;
  std::lock_guard lock(mutex_);
  for (auto id : ready_ids) {
    auto found = writable_.find(id);
    if (found == writable_.end())
      continue;
    ready.push_back(std::move(found->second));
    writable_.erase(found);
  }
  return ready;
}

void connection_reactor::tick() {
  auto now = std::chrono::steady_clock::now();
  for (auto& connection : live())
    connection->on_tick(now);
}

std::vector<std::shared_ptr<watched_connection>> connection_reactor::live() {
  std::vector<std::shared_ptr<watched_connection>> alive;
  std::lock_guard lock(mutex_);
  alive.reserve(connections_.size());
  for (auto entry = connections_.begin(); entry != connections_.end();) {
    if (auto connection = entry->second.lock()) {
      alive.push_back(std::move(connection));
      ++entry;
    } else {
      entry = connections_.erase(entry);
    }
  }
  return alive;
}

} // namespace http_api
