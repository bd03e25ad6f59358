#pragma once

// The state of an image and its versions: what the image actor owns, what
// storage persists and what the API presents. Plain data, no behavior.

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "actors/model/labels.hpp"

namespace model {

/// One operation of a command, validated against its declaration in the
/// operation catalog. `args` holds the canonical text of each given
/// parameter, in declaration order ("320", "1.5", "png"); optional ones that
/// were not given, or equal their default, are left out (see
/// imaging/operations/binding.hpp). An op_call round-trips through the text
/// form unchanged.
struct op_call {
  std::string name;
  std::vector<std::string> args;

  friend bool operator==(const op_call& a, const op_call& b) {
    return a.name == b.name && a.args == b.args;
  }
};

enum class version_status : std::uint8_t { queued, running, done, failed };

const char* to_string(version_status status) noexcept;
std::ostream& operator<<(std::ostream& out, version_status status);

/// `base` of a command: the latest finished version, the original, or a
/// version number (>= 1).
constexpr std::int32_t base_latest = -1;
constexpr std::int32_t base_original = 0;

/// What a client asks of an image: operations, and what they apply to.
struct command {
  std::vector<op_call> ops; // validated, 1..64
  std::int32_t base = base_latest;
  /// Whether an equal done version (same operations on the same source
  /// bytes, on any image) may stand in for running the operations.
  bool reuse = true;

  friend bool operator==(const command& a, const command& b) {
    return a.ops == b.ops && a.base == b.base && a.reuse == b.reuse;
  }
};

/// What a done version is: the worker's result and the stored record both
/// carry it.
struct version_output {
  std::string format; // "JPEG", "PNG", ...
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint64_t bytes = 0;
  std::string sha256;        // lowercase hex
  std::uint32_t took_ms = 0; // processing time on the worker
  std::string node;          // id of the node whose worker produced it
  // The measurements of a `stats` operation (model/image_stats.hpp) as
  // compact JSON; empty when the command measured nothing.
  std::string stats;

  /// Set once the version is done.
  bool present() const noexcept {
    return !format.empty();
  }
};

/// Why a version failed.
struct version_error {
  std::string code;    // model::to_string(error_code)
  std::string message; // safe to show to clients

  /// Set once the version failed.
  bool present() const noexcept {
    return !code.empty();
  }
};

/// The done version whose bytes a version took over instead of running its
/// operations (command::reuse).
struct version_origin {
  std::string image; // its image's id
  std::uint32_t version = 0;

  /// Set when the version was reused.
  bool present() const noexcept {
    return !image.empty();
  }
};

/// One command applied to an image and the version it produces.
///
///   queued --> running --> done
///     ^           |    \-> failed
///     +-----------+  (retried after a worker loss or a restart)
struct version_record {
  std::uint32_t number = 0;
  version_status status = version_status::queued;
  model::command command;   // base as requested
  std::uint32_t source = 0; // version used as input; 0 = original
  std::int64_t created_ms = 0;
  std::int64_t started_ms = 0;
  std::int64_t finished_ms = 0;
  std::uint32_t attempts = 0;
  std::string submitted_by;   // API key name, empty when auth is off
  version_output output;      // when done
  version_error error;        // when failed
  version_origin reused_from; // when done by reuse
};

/// An uploaded image and its versions. Only metadata: bytes live in storage.
struct image_record {
  std::string id;     // see model/image_id.hpp
  std::string format; // "JPEG", "PNG", "GIF", "TIFF", "BMP", "WEBP"
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint64_t bytes = 0;
  std::string sha256; // lowercase hex of the original bytes
  std::int64_t created_ms = 0;
  std::string profile;     // profile applied at upload, empty if none
  std::string uploaded_by; // API key name, empty when auth is off
  label_set labels;        // given by the upload (model/labels.hpp)
  std::vector<version_record> versions;
};

/// Bytes of an original or a version, with what HTTP needs to serve them:
/// in `bytes`, or in a checked file of this machine's byte store (`file`,
/// `file_size` bytes), which HTTP sends as it is.
struct image_content {
  std::string bytes;
  std::string format;
  std::string etag; // strong validator: the sha256 of the bytes, quoted
  std::string file; // path; empty when the bytes are in `bytes`
  std::uint64_t file_size = 0;
};

/// A page of images, newest first. `next` is the cursor for the following
/// page (the last id of this page) or empty when there is none.
struct image_page {
  std::vector<image_record> images;
  std::string next;
};

} // namespace model
