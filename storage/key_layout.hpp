#pragma once

// The one place that knows how keys are built; storage/KEY-LAYOUT.md explains
// the layout. Every function expects a valid image id
// (model::is_valid_image_id): ids are fixed-width, so "<id>/" is a prefix that
// no other image's keys share.

#include <cstdint>
#include <string>
#include <string_view>

namespace storage::keys {

/// Column families; the store opens them in this order and indexes its
/// handles with these values.
enum family : std::size_t {
  default_family, // schema version, usage counters
  images_family,
  versions_family,
  blobs_family,
  unfinished_family,
  family_count,
};
inline constexpr const char* family_names[family_count] = {"default", "images", "versions", "blobs",
                                                           "unfinished"};

// Keys of the default family.
inline constexpr std::string_view schema_version_key = "schema_version";
inline constexpr std::string_view image_count_key = "usage/images";
inline constexpr std::string_view live_bytes_key = "usage/live_bytes";

/// images: "<id>".
std::string image_key(std::string_view id);

/// versions and unfinished: "<id>/<number as 10 decimal digits>", so that an
/// image's versions sort by number.
std::string version_key(std::string_view id, std::uint32_t number);

/// blobs: "<id>/o" for the original bytes.
std::string original_blob_key(std::string_view id);

/// blobs: "<id>/v/<number as 10 decimal digits>" for a done version's bytes.
std::string version_blob_key(std::string_view id, std::uint32_t number);

/// "<id>/": the prefix of every key of the image in versions, blobs and
/// unfinished.
std::string image_prefix(std::string_view id);

/// The image id at the start of any key above; empty if `key` is too short.
std::string_view id_of(std::string_view key);

} // namespace storage::keys
