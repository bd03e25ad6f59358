#pragma once

// The webhooks of a head: created, listed and deleted through the API
// (POST/GET/DELETE /v1/webhooks), each delivered by a courier of its own,
// and the outbox's old events forgotten once no webhook needs them.
// Thread-safe.

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "actors/model/webhook.hpp"
#include "actors/telemetry/metrics.hpp"
#include "http/webhooks/courier.hpp"
#include "http/webhooks/webhook_options.hpp"
#include "storage/event_log.hpp"

namespace webhooks {

/// A webhook with where its deliveries stand; the secret is never shown.
struct webhook_status {
  model::webhook hook;
  model::delivery_state deliveries;
};

class webhook_registry {
public:
  /// Starts a courier for every webhook in `log`. `metrics` may be null.
  webhook_registry(storage::event_log& log, webhook_options options,
                   std::shared_ptr<telemetry::metrics> metrics);
  /// Stops every courier; attempts under way are cut short.
  ~webhook_registry();
  webhook_registry(const webhook_registry&) = delete;
  webhook_registry& operator=(const webhook_registry&) = delete;

  /// Stores `draft` (url, events, labels, secret; the secret is drawn when
  /// empty) with a new id and starts delivering the events that follow.
  /// invalid_request for a URL that is not http(s) or whose host is not
  /// allowed, no events, or a secret that is not 16 to 256 visible ASCII
  /// characters. Returns the webhook, secret included.
  model::outcome<model::webhook> create(model::webhook draft);

  std::vector<webhook_status> list() const;

  /// not_found when there is no such webhook.
  model::outcome<webhook_status> get(const std::string& id) const;

  /// Stops its deliveries and forgets it; not_found when absent.
  model::status remove(const std::string& id);

  /// {"webhooks": [one row a webhook: id, url, events, labels, delivered,
  /// given_up, attempts, next_retry, last_event, last_status, last_error]}:
  /// the table caf-shell shows.
  std::string table() const;

  /// For /metrics: webhooks waiting to retry an event, and the age of the
  /// oldest event a webhook wants and has not had (0 when none waits).
  std::vector<telemetry::sample> samples() const;

  /// Forgets events that every webhook is done with and that are older than
  /// the retention; returns how many. Runs on its own every minute.
  model::outcome<std::size_t> forget_old_events();

private:
  void start_courier(model::webhook hook, model::delivery_state state);
  void run_housekeeping();

  storage::event_log& log_;
  const webhook_options options_;
  std::shared_ptr<telemetry::metrics> metrics_;
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<courier>> couriers_;

  std::mutex housekeeping_mutex_;
  std::condition_variable housekeeping_stop_;
  bool stopping_ = false;
  std::thread housekeeping_;
};

} // namespace webhooks
