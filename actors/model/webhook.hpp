#pragma once

// A subscription to image events (POST /v1/webhooks) and how its
// deliveries stand. Kept in storage (storage/event_log.hpp); delivered by
// http/webhooks.

#include <cstdint>
#include <string>
#include <vector>

#include "actors/model/image_event.hpp"

namespace model {

struct webhook {
  std::string id;
  std::string url;     // http:// or https://
  event_filter filter; // the events delivered; at least one type
  std::string secret;  // key of the HMAC-SHA256 signature
  std::int64_t created_ms = 0;
  std::string created_by; // API key name, empty when keys are off
};

/// One attempt to deliver an event, or its last one.
struct delivery {
  std::string event;
  std::int64_t time_ms = 0;
  int status = 0; // the receiver's HTTP status; 0 when it gave none
  std::uint32_t attempts = 0;
  std::string outcome; // "delivered", "retrying" or "given_up"
  std::string error;   // why it failed, for people
};

/// Where a webhook's deliveries stand. Events up to `cursor` are done with
/// (delivered, not wanted, or given up); the next one is tried at
/// `next_attempt_ms` when `attempts` > 0.
struct delivery_state {
  std::string cursor;
  std::uint32_t attempts = 0;
  std::int64_t failing_since_ms = 0; // first failed attempt at the event, 0 when none
  std::int64_t next_attempt_ms = 0;
  std::uint64_t delivered = 0;
  std::uint64_t given_up = 0;
  std::vector<delivery> recent; // newest last, at most max_recent_deliveries
};

constexpr std::size_t max_recent_deliveries = 20;

} // namespace model
