#pragma once

// Delivers the events of one webhook, in order, on a thread of its own: a
// slow or dead receiver holds up only its own webhook. Each event is
// POSTed until the receiver answers 2xx; failures are retried with
// exponential backoff and jitter until the event is given up after
// give_up_after. Where it stands is kept in the event log after every
// step, so that a restart goes on from there: at least once, in order.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <random>
#include <thread>

#include "actors/model/webhook.hpp"
#include "http/webhooks/webhook_client.hpp"
#include "http/webhooks/webhook_options.hpp"
#include "storage/event_log.hpp"

namespace webhooks {

/// What a courier reports after each attempt: "delivered", "failed" or
/// "given_up".
using attempt_observer = std::function<void(const std::string& outcome)>;

class courier {
public:
  /// Starts delivering `hook`'s events after `state.cursor`.
  courier(model::webhook hook, model::delivery_state state, storage::event_log& log,
          const webhook_options& options, attempt_observer observe);
  /// Stops: an attempt under way is cut short.
  ~courier();
  courier(const courier&) = delete;
  courier& operator=(const courier&) = delete;

  const model::webhook& hook() const {
    return hook_;
  }

  /// Where the deliveries stand now.
  model::delivery_state state() const;

  /// The time of the oldest event this webhook wants and has not had yet,
  /// 0 when none waits (as far as the courier has read).
  std::int64_t oldest_waiting_ms() const;

private:
  enum class progress {
    idle,      // no event follows the cursor
    delivered, // the events read are done with; more may follow
    waited,    // a retry (or a failing read) made it wait
  };

  void run();
  progress deliver_pending();
  // One attempt at `event`; false when the event is not done with.
  bool attempt(const model::image_event& event);
  void save();
  // Sleeps until `until_ms` or a stop.
  void sleep_until(std::int64_t until_ms);

  const model::webhook hook_;
  storage::event_log& log_;
  const webhook_options options_;
  attempt_observer observe_;
  webhook_client client_;
  std::mt19937_64 random_;

  mutable std::mutex mutex_;
  std::condition_variable stopped_;
  model::delivery_state state_;
  std::int64_t waiting_since_ms_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

} // namespace webhooks
