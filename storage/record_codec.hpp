#pragma once

// Stored form of image and version records: compact JSON objects carrying a
// schema version ("v"), so that a later build can tell old records from new
// ones. Version status is stored by name (model::to_string), never by number.

#include <string>
#include <string_view>

#include "actors/model/problem.hpp"
#include "actors/model/records.hpp"

namespace storage {

/// Schema version written into every record and into the default family.
inline constexpr int record_schema_version = 1;

/// Encodes the image's own fields; `image.versions` is not included (each
/// version is stored under its own key).
std::string encode_image(const model::image_record& image);

std::string encode_version(const model::version_record& version);

/// Decodes what encode_image() produced; `versions` is left empty. A value
/// that is not such a record (bad JSON, missing or mistyped field, unknown
/// schema version) gives internal_error naming the field.
model::outcome<model::image_record> decode_image(std::string_view text);

/// Decodes what encode_version() produced; errors as decode_image().
model::outcome<model::version_record> decode_version(std::string_view text);

} // namespace storage
