#pragma once

// image_store on RocksDB. Writes that depend on what is stored (does the
// image exist, what was the previous version) hold a lock striped by image
// id, so writes to one image are serialized while writes to different images
// still share RocksDB's group commit of synced writes. Command claims are
// guarded by their image's lock; upload claims, which are global, by a lock
// striped by claim key, always taken after the image's lock.

#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <rocksdb/db.h>
#include <rocksdb/snapshot.h>

#include "storage/event_sequence.hpp"
#include "storage/image_store.hpp"
#include "storage/key_layout.hpp"
#include "storage/record_codec.hpp"

namespace storage {

class rocksdb_image_store final : public image_store, public event_log {
public:
  /// Takes ownership of `db`, of `families` (indexed by keys::family) and of
  /// the byte store that holds the images' bytes.
  rocksdb_image_store(std::unique_ptr<rocksdb::DB> db,
                      std::vector<rocksdb::ColumnFamilyHandle*> families,
                      std::unique_ptr<byte_store> bytes);
  ~rocksdb_image_store() override;

  /// Records the schema version in a new store; fails with unavailable when
  /// the store was written with another schema version.
  model::status check_schema();

  /// Counts this open of the store, which numbers the events it writes.
  model::status start_events();

  /// Removes the files of the byte store that no record points to (what a
  /// crash between writing bytes and committing their record leaves).
  /// Returns how many.
  model::outcome<std::size_t> sweep_bytes();

  model::status create_image(const model::image_record& image, std::string_view original) override;
  model::status create_image(const model::image_record& image, std::string_view original,
                             const idempotency_claim& claim) override;
  model::outcome<byte_store::writer> receive_original() override;
  model::status create_image(const model::image_record& image, byte_store::writer original,
                             const idempotency_claim* claim) override;
  model::outcome<model::image_record> load_image(const std::string& id) override;
  model::status put_version(const std::string& id, const model::version_record& version) override;
  model::status start_version(const std::string& id, const model::version_record& version) override;
  model::status put_version_buffered(const std::string& id, const model::version_record& version,
                                     const idempotency_claim* claim) override;
  model::status sync_writes() override;
  model::status put_version(const std::string& id, const model::version_record& version,
                            const idempotency_claim& claim) override;
  model::status finish_version(const std::string& id, const model::version_record& version,
                               std::string_view bytes) override;
  model::status adopt_version(const std::string& id, const model::version_record& version,
                              std::string_view temporary) override;
  model::outcome<std::optional<reusable_version>>
  find_reusable(std::string_view source_sha256, const std::vector<model::op_call>& ops) override;
  model::status reuse_version(const std::string& id, const model::version_record& version) override;
  model::outcome<std::string> read_original(const std::string& id) override;
  model::outcome<std::optional<stored_file>> locate(const std::string& id,
                                                    std::uint32_t number) override;
  model::outcome<std::string> read_version(const std::string& id, std::uint32_t number) override;
  model::status delete_image(const std::string& id) override;
  model::outcome<model::image_page> list_images(const model::image_query& query) override;
  model::outcome<std::vector<std::string>> images_with_unfinished_versions() override;
  model::outcome<std::optional<std::string>> find_upload(const std::string& key,
                                                         std::int64_t now_ms) override;
  model::outcome<std::optional<std::uint32_t>>
  find_command(const std::string& id, const std::string& key, std::int64_t now_ms) override;
  model::outcome<std::size_t> purge_expired_keys(std::int64_t now_ms, std::size_t max) override;
  model::outcome<std::vector<image_footprint>> oldest_images(std::size_t limit) override;
  model::status reclaim_space() override;
  model::outcome<std::size_t> forget_unadopted_results(std::chrono::seconds age) override;
  model::outcome<store_usage> usage() override;
  model::status flush() override;
  event_log* events() override {
    return this;
  }

  // event_log (rocksdb_event_log.cpp)
  model::outcome<std::vector<model::image_event>> events_after(const std::string& after,
                                                               std::size_t limit) override;
  model::outcome<std::string> newest_event_id() override;
  std::uint64_t events_generation() override {
    return event_ids_->generation();
  }
  void wait_for_events(std::uint64_t seen, std::chrono::milliseconds timeout) override {
    event_ids_->wait_past(seen, timeout);
  }
  model::outcome<std::size_t> forget_events(const std::string& up_to, std::int64_t before_ms,
                                            std::size_t max) override;
  model::status add_webhook(const model::webhook& hook) override;
  model::status delete_webhook(const std::string& id) override;
  model::outcome<std::vector<model::webhook>> webhooks() override;
  model::status put_delivery_state(const std::string& id,
                                   const model::delivery_state& state) override;
  model::outcome<std::optional<model::delivery_state>>
  delivery_state(const std::string& id) override;

private:
  using optional_version = std::optional<model::version_record>;

  rocksdb::ColumnFamilyHandle* family(keys::family which) const {
    return families_[which];
  }
  std::mutex& lock_for(const std::string& id);
  std::mutex& upload_claim_lock(std::string_view claim_key);
  std::mutex& claim_lock(std::string_view claim_key);
  std::mutex& blob_lock(std::string_view sha256);
  // The locks of the blobs of `sha256s`, in one order for every caller.
  std::vector<std::unique_lock<std::mutex>> lock_blobs(std::vector<std::string> sha256s);

  model::outcome<std::optional<blob_record>> read_blob_record(const std::string& sha256);
  // Stages one more reference to the bytes of `blob`, publishing them when
  // they are new. The caller holds blob_lock(blob.ref().sha256) until the
  // batch is committed.
  model::status stage_reference(rocksdb::WriteBatch& batch, byte_store::sealed blob);
  // Stages one more reference to bytes stored already; not_found when they
  // are not. The caller holds blob_lock(sha256) until the batch is committed.
  model::status stage_existing_reference(rocksdb::WriteBatch& batch, const std::string& sha256);
  // Stages the removal of the reuse entries that name versions of `image`.
  model::status stage_reuse_removal(rocksdb::WriteBatch& batch, const model::image_record& image,
                                    const std::vector<model::version_record>& versions);
  // The SHA-256 of the bytes `version` was computed from; nullopt when its
  // source is not a done version (then nothing indexes its result).
  model::outcome<std::optional<std::string>> source_sha256(const model::image_record& image,
                                                           const model::version_record& version);
  // Stages the event of a change in the change's batch; the ticket must
  // outlive the batch's commit.
  event_sequence::ticket stage_event(rocksdb::WriteBatch& batch, model::event_type type,
                                     const model::image_record& image,
                                     const model::version_record* version);

  // The index family (rocksdb_image_index.cpp). The caller of each staging
  // call holds the image's lock until the batch is committed.
  void stage_index(rocksdb::WriteBatch& batch, const model::image_record& image);
  void stage_newest_version(rocksdb::WriteBatch& batch, const std::string& id,
                            const std::optional<newest_version>& before,
                            const newest_version& after);
  model::outcome<std::optional<newest_version>> read_newest_version(const std::string& id);
  // Stages the focus index entry of a done `version` with measurements,
  // unless a newer version's is there.
  model::status stage_focus(rocksdb::WriteBatch& batch, const std::string& id,
                            const model::version_record& version);
  // Stages what writing `version` changes about the image's outcome.
  model::status stage_outcome(rocksdb::WriteBatch& batch, const std::string& id,
                              const model::version_record& version);
  model::status stage_index_removal(rocksdb::WriteBatch& batch, const model::image_record& image);
  // Indexes every stored image, for a store written before the index
  // existed; nothing else may write meanwhile.
  model::status rebuild_index();
  static model::status check_done_version(const std::string& id,
                                          const model::version_record& version);
  model::status finish_sealed(const std::string& id, const model::version_record& version,
                              byte_store::sealed blob);
  // The bytes of `sha256` from the byte store, or from `legacy_key` in a
  // store of schema 1.
  model::outcome<std::string> read_bytes(const std::string& sha256, const std::string& legacy_key,
                                         std::string_view action, model::problem missing);

  model::outcome<std::optional<std::string>> get(keys::family which, const std::string& key,
                                                 const rocksdb::ReadOptions& read,
                                                 std::string_view action);
  model::outcome<model::image_record> read_image(const std::string& id,
                                                 const rocksdb::ReadOptions& read);
  model::outcome<std::vector<model::version_record>> read_versions(rocksdb::Iterator& versions,
                                                                   const std::string& id);
  // Iterators over images and versions that read one snapshot, so that an
  // image and its versions are seen as of one moment.
  struct image_scan {
    image_scan(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* images_family,
               rocksdb::ColumnFamilyHandle* versions_family);
    rocksdb::ManagedSnapshot snapshot;
    std::unique_ptr<rocksdb::Iterator> images;
    std::unique_ptr<rocksdb::Iterator> versions;
  };
  image_scan scan_images();
  // The image under `scan.images`, with its versions.
  model::outcome<model::image_record> image_at(image_scan& scan);
  model::outcome<optional_version> read_stored_version(const std::string& id, std::uint32_t number);
  model::outcome<std::uint64_t> read_counter(std::string_view key);
  model::outcome<std::string> read_blob(const std::string& key, std::string_view action,
                                        model::problem missing);
  model::status create(const model::image_record& image, std::string_view original,
                       const idempotency_claim* claim);
  model::status create(const model::image_record& image, byte_store::writer original,
                       const idempotency_claim* claim);
  model::status put(const std::string& id, const model::version_record& version,
                    const idempotency_claim* claim, bool sync = true);
  // Writes a version record; a done version's bytes, sealed, come with it,
  // unless the version reuses bytes stored already (reused_from).
  model::status write_version(const std::string& id, const model::version_record& version,
                              std::optional<byte_store::sealed> bytes,
                              const idempotency_claim* claim, bool sync = true);
  model::outcome<std::optional<claim_record>> read_claim(const std::string& claim_key);
  model::outcome<std::optional<claim_record>> find_live_claim(const std::string& claim_key,
                                                              std::int64_t now_ms);
  // Staging claims: the caller holds the lock of claim_lock() for each
  // claim staged until the batch is committed.
  model::status stage_claim(rocksdb::WriteBatch& batch, const std::string& claim_key,
                            const idempotency_claim& claim, const std::string& image,
                            std::uint32_t version);
  void stage_claim_deletion(rocksdb::WriteBatch& batch, std::string_view claim_key,
                            std::int64_t expires_ms);
  // Stages the removal of every claim of image `id`; locks `upload_guard` on
  // the lock of its upload claim, if there is one.
  model::status stage_claims_removal(rocksdb::WriteBatch& batch, const std::string& id,
                                     std::unique_lock<std::mutex>& upload_guard);
  model::outcome<bool> purge_claim(const keys::expiry_entry& entry);
  void stage_version(rocksdb::WriteBatch& batch, const std::string& id,
                     const model::version_record& version, bool was_unfinished);
  void stage_usage_change(rocksdb::WriteBatch& batch, std::int64_t images, std::int64_t bytes);
  model::status commit(rocksdb::WriteBatch& batch, std::string_view action, bool sync = true);

  std::unique_ptr<rocksdb::DB> db_;
  std::unique_ptr<byte_store> bytes_;
  std::vector<rocksdb::ColumnFamilyHandle*> families_;
  std::array<std::mutex, 64> image_locks_;
  std::array<std::mutex, 64> upload_claim_locks_;
  std::array<std::mutex, 64> blob_locks_;
  std::unique_ptr<event_sequence> event_ids_;
  std::mutex webhooks_lock_;
};

} // namespace storage
