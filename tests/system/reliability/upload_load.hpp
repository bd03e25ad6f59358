#pragma once

// Devices uploading without pause while the node is killed and restarted:
// client threads, each looping over three kinds of work in turn (a plain
// upload, an upload with ?profile=thumbnail, an upload followed by two
// commands) and recording every acknowledgement. A request that fails on
// the wire (the node is down) is not acknowledged; its client then waits
// for the test to say that the node serves again, and either moves on or
// sends the request again with the same Idempotency-Key.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/http_client.hpp"
#include "tests/system/reliability/acknowledgements.hpp"

namespace reliability {

/// What a client does about a request that failed on the wire.
enum class after_failure {
  move_on, // as a device that drops the frame; requests carry no key
  retry,   // every request carries an Idempotency-Key; resent until answered
};

class upload_load {
public:
  /// Starts `clients` threads uploading the images of `pool` (in turn) to
  /// the node on 127.0.0.1:`port`.
  upload_load(std::uint16_t port, std::size_t clients, std::vector<std::string> pool,
              after_failure policy);
  /// Stops the load (see stop()).
  ~upload_load();
  upload_load(const upload_load&) = delete;
  upload_load& operator=(const upload_load&) = delete;

  /// The node serves again: clients whose request failed go on.
  void node_restarted();

  /// Lets each client finish its work at hand, then joins them. Call it
  /// while the node serves: a retrying client gives up on a request that
  /// fails after this call (and reports it as unexpected).
  void stop();

  const acknowledgements& acknowledged() const {
    return acknowledged_;
  }
  /// Requests that failed on the wire (connection refused or reset).
  std::size_t lost_requests() const {
    return lost_requests_;
  }
  /// HTTP answers other than the success expected, and requests given up,
  /// one line each ("POST /v1/images answered 500: ..."). Only valid after
  /// stop().
  const std::vector<std::string>& unexpected_answers() const {
    return unexpected_answers_;
  }

private:
  void run(std::size_t client);
  void one_round(const test_support::http_client& http, std::size_t client, std::size_t round);
  /// The answer to `request`, sent again after failures on the wire as the
  /// policy says; nullopt when it was given up.
  std::optional<test_support::http_reply>
  answer(const std::function<test_support::http_reply()>& request);
  /// Waits until the node started again after `generation` or the load
  /// stops; returns true when it stops.
  bool wait_for_restart_after(std::uint64_t generation);
  void note_unexpected(const std::string& line);

  std::uint16_t port_;
  std::vector<std::string> pool_;
  after_failure policy_;
  acknowledgements acknowledged_;
  std::atomic<std::size_t> lost_requests_{0};

  std::mutex mutex_; // guards the members below
  std::vector<std::string> unexpected_answers_;
  std::condition_variable restarted_;
  std::uint64_t generation_ = 0; // node starts seen
  bool stopping_ = false;
  std::vector<std::thread> clients_;
};

} // namespace reliability
