#pragma once

// Devices uploading without pause while the node is killed and restarted:
// client threads, each looping over three kinds of work in turn (a plain
// upload, an upload with ?profile=thumbnail, an upload followed by two
// commands) and recording every acknowledgement. A request that fails on
// the wire (the node is down) is not acknowledged; its client then waits
// for the test to say that the node serves again.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/reliability/acknowledgements.hpp"

namespace reliability {

class upload_load {
public:
  /// Starts `clients` threads uploading the images of `pool` (in turn) to
  /// the node on 127.0.0.1:`port`.
  upload_load(std::uint16_t port, std::size_t clients, std::vector<std::string> pool);
  /// Stops the load (see stop()).
  ~upload_load();
  upload_load(const upload_load&) = delete;
  upload_load& operator=(const upload_load&) = delete;

  /// The node serves again: clients whose request failed go on.
  void node_restarted();

  /// Lets each client finish its request at hand, then joins them.
  void stop();

  const acknowledgements& acknowledged() const {
    return acknowledged_;
  }
  /// Requests that failed on the wire (connection refused or reset).
  std::size_t lost_requests() const {
    return lost_requests_;
  }
  /// HTTP answers other than the success expected, one line each ("POST
  /// /v1/images answered 500: ..."). Only valid after stop().
  const std::vector<std::string>& unexpected_answers() const {
    return unexpected_answers_;
  }

private:
  void run(std::size_t client);
  void one_round(std::size_t client, std::size_t round);
  void wait_for_restart_after(std::uint64_t generation);

  std::uint16_t port_;
  std::vector<std::string> pool_;
  acknowledgements acknowledged_;
  std::atomic<std::size_t> lost_requests_{0};
  std::vector<std::string> unexpected_answers_;

  std::mutex mutex_; // guards the members below and unexpected_answers_
  std::condition_variable restarted_;
  std::uint64_t generation_ = 0; // node starts seen
  bool stopping_ = false;
  std::vector<std::thread> clients_;
};

} // namespace reliability
