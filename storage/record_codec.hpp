#pragma once

// Stored form of image, version and claim records: compact JSON objects
// carrying a schema version ("v"), so that a later build can tell old records
// from new ones. Image and version records hold the fields of their
// model::fields() list, by name; a record inside a record is an object.
// Version status is stored by name (model::to_string), never by number.
//
// Schema 4 (written now) changed no record: it marks stores whose index
// family is complete (KEY-LAYOUT.md, Queries). Schema 3 added a command's "reuse" flag and a
// version's "reused_from"; schema 2 records are read as not reused and reusable. Schema 2 made a
// version's command, output and error objects; schema 1 kept them flat ("number", "base", "format",
// ..., "error_code", "error"). Records of every earlier schema are still read.

#include <cstdint>
#include <string>
#include <string_view>

#include "actors/model/image_query.hpp"
#include "actors/model/problem.hpp"
#include "actors/model/records.hpp"

namespace storage {

/// Schema version written into every record and into the default family.
inline constexpr int record_schema_version = 4;

/// What an idempotency key stands for: the first response to a request
/// carrying it. Stored under the claim keys of keys::upload_claim_key() and
/// keys::command_claim_key().
struct claim_record {
  std::string image;           // the image the upload created, or the command's image
  std::uint32_t version = 0;   // the version the command created; 0 for an upload
  std::int64_t expires_ms = 0; // epoch ms from which the key is forgotten
};

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

/// A blob of the byte store as its record keeps it.
struct blob_record {
  std::uint64_t size = 0;
  std::uint64_t xxh3 = 0;
  std::uint64_t references = 0; // images and versions pointing to it
};

std::string encode_blob(const blob_record& blob);

/// Decodes what encode_blob() produced; errors as decode_image().
model::outcome<blob_record> decode_blob(std::string_view text);

std::string encode_claim(const claim_record& claim);

/// Decodes what encode_claim() produced; errors as decode_image().
model::outcome<claim_record> decode_claim(std::string_view text);

/// An image's newest version as the index keeps it
/// (keys::newest_version_key()).
struct newest_version {
  std::uint32_t number = 0;
  model::image_outcome outcome = model::image_outcome::pending;
};

std::string encode_newest_version(const newest_version& newest);

/// Decodes what encode_newest_version() produced; errors as decode_image().
model::outcome<newest_version> decode_newest_version(std::string_view text);

} // namespace storage
