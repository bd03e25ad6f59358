#pragma once

// The transport's own thread, beside Pistache's event loops: it writes the
// rest of answers that did not fit in a socket's buffer once the socket is
// writable again, and lets every connection check its timeouts a few times
// a second.

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace http_api {

/// What the reactor calls, on its thread.
class watched_connection {
public:
  virtual ~watched_connection() = default;
  /// The socket watched with watch_writable() is writable.
  virtual void on_writable() = 0;
  /// A tick: time to check the connection's timeouts.
  virtual void on_tick(std::chrono::steady_clock::time_point now) = 0;
};

/// Thread-safe.
class connection_reactor {
public:
  /// Starts the thread; `tick` is the time between two ticks.
  explicit connection_reactor(std::chrono::milliseconds tick);

  /// Stops.
  ~connection_reactor();

  connection_reactor(const connection_reactor&) = delete;
  connection_reactor& operator=(const connection_reactor&) = delete;

  /// Registers a connection for ticks, for as long as it lives; returns its
  /// id for the calls below.
  std::uint64_t add(std::weak_ptr<watched_connection> connection);

  /// Unregisters connection `id` and stops watching its socket `fd`, which
  /// must still be open. Called when the connection goes away.
  void remove(std::uint64_t id, int fd);

  /// Calls on_writable() of connection `id` once its socket `fd` is
  /// writable, keeping the connection alive until then.
  void watch_writable(std::uint64_t id, int fd, std::shared_ptr<watched_connection> connection);

  /// Runs `visit` on every live connection, on the calling thread.
  template<class Visit>
  void for_each(Visit visit) {
    for (auto& connection : live())
      visit(*connection);
  }

  /// Joins the thread; later calls of watch_writable() are ignored, ticks
  /// stop. Idempotent.
  void stop();

private:
  void run();
  void tick();
  std::vector<std::shared_ptr<watched_connection>>
  take_writable(const std::vector<std::uint64_t>& ready_ids);
  std::vector<std::shared_ptr<watched_connection>> live();

  const std::chrono::milliseconds tick_;
  const int epoll_fd_;
  const int wake_fd_;
  std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  bool stopped_ = false;
  std::unordered_map<std::uint64_t, std::weak_ptr<watched_connection>> connections_;
  std::unordered_map<std::uint64_t, std::shared_ptr<watched_connection>> writable_;
  std::thread thread_;
};

} // namespace http_api
