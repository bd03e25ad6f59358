#pragma once

// The outbox of image events and the webhooks that deliver them, in the
// store's RocksDB (storage/KEY-LAYOUT.md, Events and webhooks).
//
// An event is written in the batch of the change it describes
// (image_store's create_image, the write that makes a version done or
// failed, delete_image): once that change is acknowledged, its event is as
// durable as it is, and a crash loses both or neither. Readers see events
// in id order without gaps: an event becomes readable only when every event
// with a smaller id has been committed (or will never be).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/model/image_event.hpp"
#include "actors/model/problem.hpp"
#include "actors/model/webhook.hpp"

namespace storage {

class event_log {
public:
  virtual ~event_log() = default;

  /// Up to `limit` events with ids after `after` (empty: from the oldest
  /// kept), oldest first.
  virtual model::outcome<std::vector<model::image_event>> events_after(const std::string& after,
                                                                       std::size_t limit) = 0;

  /// A number that changes whenever new events may have become readable:
  /// read it, read the events, and wait_for_events() with it when there
  /// were none, so that no event is missed in between.
  virtual std::uint64_t events_generation() = 0;

  /// Waits until events_generation() differs from `seen`, or `timeout`
  /// passed.
  virtual void wait_for_events(std::uint64_t seen, std::chrono::milliseconds timeout) = 0;

  /// The id of the newest readable event; empty when none is kept.
  virtual model::outcome<std::string> newest_event_id() = 0;

  /// Removes up to `max` events, oldest first, with ids up to `up_to`
  /// (inclusive; empty for none) and older than `before_ms`; returns how
  /// many. Not synced: a removal lost in a crash is done again.
  virtual model::outcome<std::size_t> forget_events(const std::string& up_to,
                                                    std::int64_t before_ms, std::size_t max) = 0;

  /// Stores a webhook (synced); conflict when its id is taken.
  virtual model::status add_webhook(const model::webhook& hook) = 0;

  /// Removes a webhook and its delivery state; not_found when absent.
  virtual model::status delete_webhook(const std::string& id) = 0;

  /// Every webhook, oldest first.
  virtual model::outcome<std::vector<model::webhook>> webhooks() = 0;

  /// Records where a webhook's deliveries stand. Not synced: after a crash
  /// the last few events may be delivered again (at least once).
  virtual model::status put_delivery_state(const std::string& id,
                                           const model::delivery_state& state) = 0;

  /// Where a webhook's deliveries stand; nullopt before the first.
  virtual model::outcome<std::optional<model::delivery_state>>
  delivery_state(const std::string& id) = 0;
};

} // namespace storage
