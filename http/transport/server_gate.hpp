#pragma once

// Lets work that arrives after the server stopped (a late reply, or the
// pipelined requests a reply resumes) be dropped instead of touching a
// destroyed transport or service.

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>

namespace http_api {

/// Thread-safe. run() may nest: work run by the gate may run more through
/// it (a request answered at once, inside the parsing that dispatched it).
class server_gate {
public:
  /// Runs `work` unless the gate is closed; false when it was not run.
  bool run(const std::function<void()>& work);

  /// Waits for the work running; later work is dropped.
  void close();

private:
  void leave();

  std::mutex mutex_;
  std::condition_variable idle_;
  bool open_ = true;
  std::size_t running_ = 0;
};

} // namespace http_api
