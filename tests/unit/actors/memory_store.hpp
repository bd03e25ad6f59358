#pragma once

// An image_store in memory, for actor tests: deterministic, instant, and
// able to fail on demand.

#include <map>
#include <mutex>

#include "storage/image_store.hpp"

namespace test_support {

class memory_store : public storage::image_store {
public:
  model::status create_image(const model::image_record& image, std::string_view original) override;
  model::status create_image(const model::image_record& image, std::string_view original,
                             const storage::idempotency_claim& claim) override;
  /// This store keeps bytes in memory only: uploads reach it whole.
  model::outcome<storage::byte_store::writer> receive_original() override {
    return model::problem{model::error_code::unavailable, "the memory store receives no files"};
  }
  model::status create_image(const model::image_record&, storage::byte_store::writer,
                             const storage::idempotency_claim*) override {
    return model::problem{model::error_code::internal_error, "the memory store receives no files"};
  }
  model::outcome<model::image_record> load_image(const std::string& id) override;
  model::status put_version(const std::string& id, const model::version_record& version) override;
  model::status put_version(const std::string& id, const model::version_record& version,
                            const storage::idempotency_claim& claim) override;
  model::status start_version(const std::string& id, const model::version_record& version) override;
  model::status put_version_buffered(const std::string& id, const model::version_record& version,
                                     const storage::idempotency_claim* claim) override;
  model::status sync_writes() override;
  model::status finish_version(const std::string& id, const model::version_record& version,
                               std::string_view bytes) override;
  /// This store hands out no files, so no worker writes one for it.
  model::status adopt_version(const std::string&, const model::version_record&,
                              std::string_view temporary) override {
    return model::make_problem(model::error_code::internal_error,
                               "a memory store adopts no files (" + std::string(temporary) + ")");
  }
  /// This store indexes no results: every command runs.
  model::outcome<std::optional<storage::reusable_version>>
  find_reusable(std::string_view, const std::vector<model::op_call>&) override {
    return std::optional<storage::reusable_version>();
  }
  model::status reuse_version(const std::string& id, const model::version_record&) override {
    return model::make_problem(model::error_code::internal_error,
                               "a memory store reuses no results (image " + id + ")");
  }
  model::outcome<std::string> read_original(const std::string& id) override;
  model::outcome<std::string> read_version(const std::string& id, std::uint32_t number) override;
  /// This store keeps bytes in memory, not in files.
  model::outcome<std::optional<storage::stored_file>> locate(const std::string& id,
                                                             std::uint32_t number) override {
    return std::optional<storage::stored_file>();
  }
  model::status delete_image(const std::string& id) override;
  model::outcome<model::image_page> list_images(const model::image_query& query) override;
  model::outcome<std::vector<std::string>> images_with_unfinished_versions() override;
  model::outcome<std::optional<std::string>> find_upload(const std::string& key,
                                                         std::int64_t now_ms) override;
  model::outcome<std::optional<std::uint32_t>>
  find_command(const std::string& id, const std::string& key, std::int64_t now_ms) override;
  model::outcome<std::size_t> purge_expired_keys(std::int64_t now_ms, std::size_t max) override;
  model::outcome<std::vector<storage::image_footprint>> oldest_images(std::size_t limit) override;
  model::status reclaim_space() override;
  model::outcome<std::size_t> forget_unadopted_results(std::chrono::seconds) override {
    return 0; // it holds no files
  }
  model::outcome<storage::store_usage> usage() override;
  model::status flush() override;

  /// Makes every following write fail with `unavailable`.
  void fail_writes(bool fail);

  /// Makes the next read throw std::runtime_error, like a library bug.
  void throw_on_next_read();

  /// Adds bytes on disk that no image holds, as deletes leave in RocksDB;
  /// reclaim_space() removes them.
  void add_garbage(std::uint64_t bytes);

  /// How often reclaim_space() ran.
  std::size_t reclaim_count();

  /// How often sync_writes() ran.
  std::size_t sync_count();

private:
  struct stored_image {
    model::image_record record;
    std::string original;
    std::map<std::uint32_t, std::string> version_bytes;
  };

  model::status write_guard() const;
  void read_guard();
  model::problem missing(const std::string& id) const;

  std::mutex mutex_;
  std::map<std::string, stored_image> images_;
  struct claim {
    std::string image;
    std::uint32_t version = 0;
    std::int64_t expires_ms = 0;
  };
  std::map<std::string, claim> claims_; // "u/<key>" and "c/<id>/<key>"
  bool fail_writes_ = false;
  bool throw_on_next_read_ = false;
  std::uint64_t garbage_bytes_ = 0;
  std::size_t reclaim_count_ = 0;
  std::size_t sync_count_ = 0;
};

} // namespace test_support
