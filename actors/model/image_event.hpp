#pragma once

// What happened to an image, as webhooks deliver it: kept in storage's
// outbox in the same write as the change it describes (storage/event_log.hpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/model/labels.hpp"
#include "actors/model/records.hpp"

namespace model {

enum class event_type : std::uint8_t { image_created, version_done, version_failed, image_deleted };

/// "image.created", "version.done", "version.failed", "image.deleted".
const char* to_string(event_type type) noexcept;

/// The type named `text`; nullopt for any other text.
std::optional<event_type> parse_event_type(std::string_view text) noexcept;

/// Every type, in the order above.
const std::vector<event_type>& all_event_types();

struct image_event {
  /// Unique, and increasing in the order the changes were committed.
  std::string id;
  event_type type = event_type::image_created;
  std::int64_t time_ms = 0;
  /// The image as it was stored, without its versions.
  image_record image;
  /// The version that became done or failed; number 0 for image events.
  version_record version;
};

/// Which events a listener (a webhook, an event stream) wants: those of
/// `types` on images that have every one of `labels`.
struct event_filter {
  std::vector<event_type> types;
  label_set labels;

  bool passes(const image_event& event) const;
};

} // namespace model
