#include "actors/model/image_query.hpp"

#include <ostream>

namespace model {

const char* to_string(image_outcome outcome) noexcept {
  switch (outcome) {
  case image_outcome::any:
    return "any";
  case image_outcome::pending:
    return "pending";
  case image_outcome::done:
    return "done";
  case image_outcome::failed:
    return "failed";
  }
  return "any";
}

std::ostream& operator<<(std::ostream& out, image_outcome outcome) {
  return out << to_string(outcome);
}

std::optional<image_outcome> parse_image_outcome(std::string_view text) noexcept {
  for (auto outcome : {image_outcome::pending, image_outcome::done, image_outcome::failed})
    if (text == to_string(outcome))
      return outcome;
  return std::nullopt;
}

image_outcome outcome_of(version_status status) noexcept {
  switch (status) {
  case version_status::queued:
  case version_status::running:
    return image_outcome::pending;
  case version_status::done:
    return image_outcome::done;
  case version_status::failed:
    return image_outcome::failed;
  }
  return image_outcome::pending;
}

} // namespace model
