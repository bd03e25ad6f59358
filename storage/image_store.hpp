#pragma once

// Durable home of every image and version, on RocksDB. The key layout is
// written down in storage/KEY-LAYOUT.md and storage/key_layout.hpp.
//
// Contract:
//  - Every write method returns only after the write is synced to disk
//    (WriteOptions::sync): an acknowledged write survives kill -9.
//  - Each write method is atomic (one WriteBatch): a reader never sees an
//    image without its original bytes, or a done version without its bytes.
//  - All methods are thread-safe. Errors are model::problem with code
//    not_found (no such image or version) or unavailable (RocksDB failed;
//    the message says which operation).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/model/problem.hpp"
#include "actors/model/records.hpp"

namespace storage {

struct store_options {
  std::string path = "./data";
  std::uint64_t block_cache_bytes = 32ull << 20;
  std::uint64_t write_buffer_bytes = 16ull << 20;
};

/// Totals over all stored images, for metrics and retention.
struct store_usage {
  std::uint64_t images = 0;
  std::uint64_t live_bytes = 0; // sizes of all originals and versions
  std::uint64_t disk_bytes = 0; // on-disk size of the database files
};

class image_store {
public:
  /// Opens (creating if missing) the store at `options.path`.
  static model::outcome<std::unique_ptr<image_store>> open(const store_options& options);

  virtual ~image_store() = default;

  /// Stores a new image: its metadata (with any initial versions in
  /// `image.versions`) and its original bytes, in one synced batch.
  virtual model::status create_image(const model::image_record& image,
                                     std::string_view original) = 0;

  /// The image's metadata and all its versions, or not_found.
  virtual model::outcome<model::image_record> load_image(const std::string& id) = 0;

  /// Writes a version record (queued, running or failed); keeps the set of
  /// unfinished versions up to date.
  virtual model::status put_version(const std::string& id,
                                    const model::version_record& version) = 0;

  /// Writes a done version and its bytes in one batch.
  virtual model::status finish_version(const std::string& id, const model::version_record& version,
                                       std::string_view bytes) = 0;

  /// The original bytes, or not_found.
  virtual model::outcome<std::string> read_original(const std::string& id) = 0;

  /// The bytes of a done version, or not_found.
  virtual model::outcome<std::string> read_version(const std::string& id, std::uint32_t number) = 0;

  /// Removes the image, its versions and their bytes. not_found if absent.
  virtual model::status delete_image(const std::string& id) = 0;

  /// Up to `limit` images (with their versions), newest first, starting
  /// after `before` (an id; empty for the newest).
  virtual model::outcome<model::image_page> list_images(std::size_t limit,
                                                        const std::string& before) = 0;

  /// Ids of images that have a queued or running version, oldest first:
  /// the work to resume after a restart.
  virtual model::outcome<std::vector<std::string>> images_with_unfinished_versions() = 0;

  /// Totals for metrics and retention.
  virtual model::outcome<store_usage> usage() = 0;

  /// Flushes memtables to disk; used on graceful shutdown.
  virtual model::status flush() = 0;
};

} // namespace storage
