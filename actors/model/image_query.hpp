#pragma once

// Which images a listing returns: GET /v1/images?label=...&status=...
// Storage answers it from indexes (storage/KEY-LAYOUT.md, Queries).

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include "actors/model/labels.hpp"
#include "actors/model/records.hpp"

namespace model {

/// Images per page: when a client names no limit, and at most.
constexpr std::uint32_t default_page_limit = 20;
constexpr std::uint32_t max_page_limit = 100;

/// Where an image stands, by its newest version (the highest number): an
/// image without versions has no outcome.
enum class image_outcome : std::uint8_t { any, pending, done, failed };

/// "pending" (queued or running), "done", "failed"; "any" for any.
const char* to_string(image_outcome outcome) noexcept;
std::ostream& operator<<(std::ostream& out, image_outcome outcome);

/// The outcome named `text` (not "any"); nullopt for any other text.
std::optional<image_outcome> parse_image_outcome(std::string_view text) noexcept;

/// The outcome an image has when `status` is its newest version's.
image_outcome outcome_of(version_status status) noexcept;

/// Conditions that all hold for every image of the answer, and the page
/// wanted. Empty texts and `any` ask for nothing.
struct image_query {
  label_set labels;        // every one of them
  std::string uploaded_by; // the API key's name
  std::string profile;     // applied at upload
  image_outcome status = image_outcome::any;
  // The focus score of the newest measured version (image_stats.hpp) is
  // below this.
  std::optional<double> focus_below;
  std::string since;  // an id: images from this one on (inclusive)
  std::string until;  // an id: images before this one (exclusive)
  std::string before; // the page cursor: images before this id (exclusive)
  std::uint32_t limit = default_page_limit;
};

} // namespace model
