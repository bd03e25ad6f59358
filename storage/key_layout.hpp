#pragma once

// The one place that knows how keys are built; storage/KEY-LAYOUT.md explains
// the layout. Every function taking an image id expects a valid one
// (model::is_valid_image_id): ids are fixed-width, so "<id>/" is a prefix that
// no other image's keys share.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/model/image_query.hpp"
#include "actors/model/records.hpp"

namespace storage::keys {

/// Column families; the store opens them in this order and indexes its
/// handles with these values.
enum family : std::size_t {
  default_family, // schema version, usage counters
  images_family,
  versions_family,
  blobs_family,
  unfinished_family,
  idempotency_family,
  index_family,
  events_family,
  family_count,
};
inline constexpr const char* family_names[family_count] = {
    "default", "images", "versions", "blobs", "unfinished", "idempotency", "index", "events"};

// Keys of the default family.
inline constexpr std::string_view schema_version_key = "schema_version";
inline constexpr std::string_view image_count_key = "usage/images";
inline constexpr std::string_view live_bytes_key = "usage/live_bytes";
inline constexpr std::string_view file_bytes_key = "usage/file_bytes"; // of the byte store
/// How often the store was opened: the first part of event ids.
inline constexpr std::string_view opens_key = "events/opens";

/// default: "bytes/<sha256>", the record of a blob of the byte store: its
/// size, checksum and how many images and versions point to it.
std::string blob_record_key(std::string_view sha256);
inline constexpr std::string_view blob_record_prefix = "bytes/";

/// default: "reuse/<source sha256>/<operations_digest(ops)>", naming the
/// done version that ran `ops` on the bytes of `source_sha256`: its
/// version_key(), so that an equal command elsewhere takes its bytes.
std::string reuse_key(std::string_view source_sha256, const std::vector<model::op_call>& ops);

/// SHA-256 (hex) of the operations, names and canonical arguments in order.
std::string operations_digest(const std::vector<model::op_call>& ops);

/// images: "<id>".
std::string image_key(std::string_view id);

/// versions and unfinished: "<id>/<number as 10 decimal digits>", so that an
/// image's versions sort by number.
std::string version_key(std::string_view id, std::uint32_t number);

/// blobs: "<id>/o" for the original bytes, as stores of schema 1 kept them
/// (read, and deleted with their image; never written now).
std::string original_blob_key(std::string_view id);

/// blobs: "<id>/v/<number as 10 decimal digits>" for a done version's
/// bytes, as stores of schema 1 kept them.
std::string version_blob_key(std::string_view id, std::uint32_t number);

struct version_address {
  std::string_view id;
  std::uint32_t number = 0;
};

/// The image and number of a version_key(); nullopt for any other text.
std::optional<version_address> parse_version_key(std::string_view key);

/// "<id>/": the prefix of every key of the image in versions, blobs and
/// unfinished.
std::string image_prefix(std::string_view id);

/// The image id at the start of any key above; empty if `key` is too short.
std::string_view id_of(std::string_view key);

// Keys of the idempotency family. An idempotency key is what the client
// sent, checked already (1 to 128 visible ASCII characters).

/// "u/<key>": the claim of an upload's idempotency key; keys of uploads are
/// global.
std::string upload_claim_key(std::string_view key);

/// "c/<id>/<key>": the claim of a command's idempotency key, scoped to the
/// image, so that two images may use the same key.
std::string command_claim_key(std::string_view id, std::string_view key);

/// "c/<id>/": the prefix of every command claim of the image.
std::string command_claims_prefix(std::string_view id);

/// The image id of a command claim key; empty for any other key.
std::string_view image_of_command_claim(std::string_view claim_key);

/// "i/<id>": names the idempotency key of the upload that created the image,
/// so that deleting the image finds its upload claim.
std::string image_upload_key(std::string_view id);

/// "e/": the prefix of the expiry index.
inline constexpr std::string_view expiry_prefix = "e/";

/// "e/<expires_ms as 19 decimal digits>/<claim key>": claims in order of
/// expiry, so the expired ones are a forward scan from the start of "e/".
/// `expires_ms` must be >= 0.
std::string expiry_key(std::int64_t expires_ms, std::string_view claim_key);

struct expiry_entry {
  std::int64_t expires_ms = 0;
  std::string_view claim_key; // points into the parsed key
};

/// The parts of a key made by expiry_key(); nullopt for any other key.
std::optional<expiry_entry> parse_expiry_key(std::string_view key);

// Keys of the index family: what GET /v1/images?label=...&status=... reads.
// An entry is "<prefix><id>" with an empty value: image <id> has what the
// prefix names. The prefix ends with 0x1f, which no label value, key name
// or profile name holds, so that one prefix never starts another, and an
// index read newest first is a reverse scan of its prefix.

/// "l/<key>:<value>\x1f": images with the label.
std::string label_index_prefix(std::string_view key, std::string_view value);

/// "u/<name>\x1f": images uploaded with the API key named `name`.
std::string uploader_index_prefix(std::string_view name);

/// "p/<name>\x1f": images uploaded with the profile `name`.
std::string profile_index_prefix(std::string_view name);

/// The label, uploader and profile prefixes of an image with these (or of a
/// query asking for them); empty names have none.
std::vector<std::string> index_prefixes(const model::label_set& labels,
                                        std::string_view uploaded_by, std::string_view profile);

/// "s/<outcome>\x1f": images whose newest version is pending, done or failed.
std::string outcome_index_prefix(model::image_outcome outcome);

/// "f/\x1f": images with measurements, valued "<version>/<focus>" from
/// their newest version that has them (the highest number).
std::string focus_index_prefix();

struct focus_measure {
  std::uint32_t version = 0;
  double focus = 0;
};
/// "<version>/<focus>", focus with 17 significant digits so that it reads
/// back as the same double.
std::string focus_entry(const focus_measure& measure);
/// The parts of a focus_entry(); nullopt for any other text.
std::optional<focus_measure> parse_focus_entry(std::string_view value);

/// "n/<id>": the number and outcome of the image's newest version, so that
/// a version write finds the outcome entry to replace.
std::string newest_version_key(std::string_view id);

/// The image id of an index entry under `prefix`; empty when `entry` is not
/// `prefix` followed by an id.
std::string_view indexed_id(std::string_view entry, std::string_view prefix);

// Keys of the events family (event_log.hpp).

/// "e/<event id>": an event of the outbox.
std::string event_key(std::string_view event_id);
inline constexpr std::string_view event_prefix = "e/";

/// "w/<webhook id>": a webhook.
std::string webhook_key(std::string_view webhook_id);
inline constexpr std::string_view webhook_prefix = "w/";

/// "d/<webhook id>": where a webhook's deliveries stand.
std::string delivery_key(std::string_view webhook_id);

} // namespace storage::keys
