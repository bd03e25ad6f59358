#include "actors/model/image_event.hpp"

#include <algorithm>

namespace model {

const char* to_string(event_type type) noexcept {
  switch (type) {
  case event_type::image_created:
    return "image.created";
  case event_type::version_done:
    return "version.done";
  case event_type::version_failed:
    return "version.failed";
  case event_type::image_deleted:
    return "image.deleted";
  }
  return "image.created";
}

const std::vector<event_type>& all_event_types() {
  static const std::vector<event_type> types = {event_type::image_created, event_type::version_done,
                                                event_type::version_failed,
                                                event_type::image_deleted};
  return types;
}

std::optional<event_type> parse_event_type(std::string_view text) noexcept {
  for (auto type : all_event_types())
    if (text == to_string(type))
      return type;
  return std::nullopt;
}

bool event_filter::passes(const image_event& event) const {
  if (std::find(types.begin(), types.end(), event.type) == types.end())
    return false;
  for (const auto& [key, value] : labels) {
    auto found = event.image.labels.find(key);
    if (found == event.image.labels.end() || found->second != value)
      return false;
  }
  return true;
}

} // namespace model
