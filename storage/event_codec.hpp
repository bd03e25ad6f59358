#pragma once

// Stored form of events, webhooks and delivery states: compact JSON with
// the schema version "v", like the records of record_codec.hpp, whose
// encodings an event's image and version keep.

#include <string>
#include <string_view>

#include "actors/model/image_event.hpp"
#include "actors/model/problem.hpp"
#include "actors/model/webhook.hpp"

namespace storage {

/// The event without its id, which is its key.
std::string encode_event(const model::image_event& event);

/// Decodes what encode_event() produced, with `id`; internal_error when
/// the value is not such a record.
model::outcome<model::image_event> decode_event(std::string_view id, std::string_view text);

std::string encode_webhook(const model::webhook& hook);
model::outcome<model::webhook> decode_webhook(std::string_view text);

std::string encode_delivery_state(const model::delivery_state& state);
model::outcome<model::delivery_state> decode_delivery_state(std::string_view text);

} // namespace storage
