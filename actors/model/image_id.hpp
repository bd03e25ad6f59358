#pragma once

// Image ids are ULIDs: 26 characters of Crockford base32, the first 10 the
// creation time in milliseconds, the rest random. They are URL-safe and sort
// by creation time, which is what makes "newest first" listing a reverse scan.

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace model {

/// Generates ids that strictly increase, even within one millisecond.
/// Not thread-safe: one generator per owner (the image registry).
class image_id_generator {
public:
  image_id_generator();

  /// Returns a new id for an image created at `epoch_ms`.
  std::string next(std::int64_t epoch_ms);

private:
  std::mt19937_64 random_;
  std::int64_t last_ms_ = -1;
  std::uint64_t last_high_ = 0; // 16 random bits
  std::uint64_t last_low_ = 0;  // 64 random bits
};

/// The smallest id an image created at `epoch_ms` can have: ids from it on
/// were created at that time or later. Times outside what an id holds
/// (before 1970, after the year 10889) are clamped to it.
std::string first_image_id_at(std::int64_t epoch_ms);

/// `text` in the form ids are stored and returned in: upper case. Crockford
/// base32 is case-insensitive, so clients may send either.
std::string canonical_image_id(std::string_view text);

/// is_valid_image_id() as a regular expression (JSON Schema, OpenAPI).
inline constexpr const char* image_id_pattern = "^[0-7][0-9A-HJKMNP-TV-Z]{25}$";

/// True when `text` has the exact form of an id (26 Crockford base32
/// characters, uppercase, first character 0-7).
bool is_valid_image_id(std::string_view text) noexcept;

} // namespace model
