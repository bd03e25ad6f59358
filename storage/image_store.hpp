#pragma once

// Durable home of every image and version, on RocksDB. The key layout is
// written down in storage/KEY-LAYOUT.md and storage/key_layout.hpp.
//
// Contract:
//  - Every write method returns only after the write is synced to disk
//    (WriteOptions::sync): an acknowledged write survives kill -9 and power
//    loss. Three do not wait for the disk, and each says why:
//    put_version_buffered() and start_version() (their writes reach the
//    operating system, so they survive kill -9; sync_writes() or the next
//    synced write makes them survive a power loss) and
//    purge_expired_keys().
//  - Each write method is atomic (one WriteBatch): a reader never sees an
//    image without its original bytes, or a done version without its bytes.
//  - All methods are thread-safe. Errors are model::problem with code
//    not_found (no such image or version) or unavailable (RocksDB failed;
//    the message says which operation), and also:
//      invalid_id      a malformed image id, or version number 0;
//      invalid_request a malformed idempotency key, or a limit of 0;
//      conflict        the write contradicts what is stored (see below);
//      internal_error  the caller broke this contract (e.g. a record whose
//                      `bytes` differs from the bytes given), or a stored
//                      record is corrupt.
//  - A done version is final: it is never rewritten.
//  - Idempotency keys: a write may claim the key of the request it serves
//    (idempotency_claim) in its own batch, so that a retry of the request
//    finds the first response instead of writing again. Claims expire;
//    expired ones count as absent and are removed by purge_expired_keys().

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/model/image_query.hpp"
#include "actors/model/problem.hpp"
#include "actors/model/records.hpp"
#include "config/defaults.hpp"
#include "storage/byte_store.hpp"
#include "storage/event_log.hpp"

namespace storage {

struct store_options {
  std::string path = defaults::storage_path;
  /// Bounds cached SST blocks, index and filter blocks included; image
  /// bytes bypass this cache.
  std::uint64_t block_cache_bytes = defaults::storage_block_cache;
  /// Memtable of the bytes family (>= 1 MiB). All memtables together stay
  /// within 2x this, the WAL within 4x.
  std::uint64_t write_buffer_bytes = 16ull << 20;
};

/// A file of the byte store and what checks its bytes (byte_store.hpp).
struct stored_file {
  blob_ref ref;
  std::string path;
};

/// The idempotency key of a request, claimed in the same synced batch as the
/// write it protects: after a crash both or neither are stored.
struct idempotency_claim {
  std::string key;             // as the client sent it: 1 to 128 visible ASCII characters
  std::int64_t now_ms = 0;     // time of the request, epoch ms (>= 0)
  std::int64_t expires_ms = 0; // from this time on the key is forgotten (> now_ms)
};

/// An image as retention sees it.
struct image_footprint {
  std::string id;
  std::int64_t created_ms = 0;
  std::uint64_t stored_bytes = 0; // its original plus its done versions
};

/// Totals over all stored images, for metrics and retention.
struct store_usage {
  std::uint64_t images = 0;
  std::uint64_t live_bytes = 0; // sizes of all originals and versions
  std::uint64_t disk_bytes = 0; // on-disk size of the database files
};

/// A done version that an equal command may take over (result reuse).
struct reusable_version {
  std::string image_id;
  model::version_record version;
};

/// The byte store's folder in the store at `storage_path`.
std::string byte_store_root(const std::string& storage_path);

class image_store {
public:
  /// Opens (creating if missing, parent directories included) the store at
  /// `options.path`. unavailable, with a message naming the path, when the
  /// path is not a directory, is a non-empty directory that holds no store,
  /// is in use by another process (or already open in this one), or was
  /// written with another schema version. These messages are for operators.
  static model::outcome<std::unique_ptr<image_store>> open(const store_options& options);

  virtual ~image_store() = default;

  /// Stores a new image: its metadata (with any initial versions in
  /// `image.versions`, none of them done) and its original bytes, in one
  /// synced batch. `image.bytes` must equal `original.size()`, and
  /// `image.sha256` be the SHA-256 the caller computed from `original`: it
  /// names the bytes unchecked (one pass of SHA-256 per upload, not two).
  /// conflict if the id is stored already.
  virtual model::status create_image(const model::image_record& image,
                                     std::string_view original) = 0;

  /// create_image() that also claims `claim.key` for this upload. A claim of
  /// the key that expired by `claim.now_ms` is replaced. Errors as
  /// create_image(), and: invalid_request for a malformed key; conflict if a
  /// live claim holds the key (find_upload() names the image it created);
  /// internal_error if the claim's times break its contract.
  virtual model::status create_image(const model::image_record& image, std::string_view original,
                                     const idempotency_claim& claim) = 0;

  /// A file to write an upload's original into as it arrives, so that the
  /// upload is never held in memory; unavailable when none can be made.
  virtual model::outcome<byte_store::writer> receive_original() = 0;

  /// create_image() (with `claim` when not null) of an original written
  /// with receive_original(), finished: `image.bytes` and `image.sha256`
  /// must be its size and name. The file is synced here.
  virtual model::status create_image(const model::image_record& image, byte_store::writer original,
                                     const idempotency_claim* claim) = 0;

  /// The image's metadata and all its versions, or not_found.
  virtual model::outcome<model::image_record> load_image(const std::string& id) = 0;

  /// Writes a version record (queued, running or failed); keeps the set of
  /// unfinished versions up to date. not_found if the image is absent;
  /// conflict if the version is done.
  virtual model::status put_version(const std::string& id,
                                    const model::version_record& version) = 0;

  /// put_version() that also claims `claim.key` for the command that
  /// creates this version; command keys are scoped to the image. A claim
  /// protects the first write of a version: internal_error if the version is
  /// stored already. Otherwise errors as put_version() and as create_image()
  /// with a claim (find_command() names the version a conflicting key
  /// created).
  virtual model::status put_version(const std::string& id, const model::version_record& version,
                                    const idempotency_claim& claim) = 0;

  /// put_version() (with `claim` unless null) without waiting for the disk:
  /// the write reaches the operating system before this returns, so it
  /// survives a crash of the process, and the next synced write or
  /// sync_writes() makes it survive a power loss too. For a command that is
  /// answered only after a later synced write, or after sync_writes().
  virtual model::status put_version_buffered(const std::string& id,
                                             const model::version_record& version,
                                             const idempotency_claim* claim) = 0;

  /// Syncs every write made so far to the disk (put_version_buffered(),
  /// start_version()). unavailable if that fails.
  virtual model::status sync_writes() = 0;

  /// put_version() for a version that starts running (status running, else
  /// internal_error), without waiting for the disk: the write reaches the
  /// operating system before this returns, so it survives a crash of the
  /// process, but a power loss may undo it. The version is then queued
  /// again with one attempt less, and runs after the restart as a running
  /// one would. Saves one disk sync of every command.
  virtual model::status start_version(const std::string& id,
                                      const model::version_record& version) = 0;

  /// Writes a done version and its bytes in one batch; `version.output.bytes`
  /// must equal `bytes.size()`. not_found / conflict as put_version().
  virtual model::status finish_version(const std::string& id, const model::version_record& version,
                                       std::string_view bytes) = 0;

  /// finish_version() for bytes that a worker on this machine wrote and
  /// synced among the byte store's temporaries (byte_store::create_at(),
  /// sealed::release()) under the name `temporary`: the file becomes the
  /// version's blob, or is removed. Its hashes are computed anew and must
  /// match `version.output` (else internal_error).
  virtual model::status adopt_version(const std::string& id, const model::version_record& version,
                                      std::string_view temporary) = 0;

  /// The done version, on any image, that ran `ops` on the bytes of
  /// `source_sha256` and whose bytes are still stored; nullopt when there is
  /// none. Indexed when the version's bytes are stored (finish_version(),
  /// adopt_version()); the entry goes with its image.
  virtual model::outcome<std::optional<reusable_version>>
  find_reusable(std::string_view source_sha256, const std::vector<model::op_call>& ops) = 0;

  /// Stores `version`, done and `reused_from` another version whose output
  /// it carries, as one more reference to that version's bytes: nothing is
  /// written but the record. not_found when those bytes went meanwhile.
  virtual model::status reuse_version(const std::string& id,
                                      const model::version_record& version) = 0;

  /// The original bytes, or not_found.
  virtual model::outcome<std::string> read_original(const std::string& id) = 0;

  /// The file of the byte store holding the original (`number` 0) or a done
  /// version, with what checks it; nullopt when the store keeps those bytes
  /// elsewhere (a store of schema 1, or one without files): read them with
  /// read_original() / read_version(). not_found as those.
  virtual model::outcome<std::optional<stored_file>> locate(const std::string& id,
                                                            std::uint32_t number) = 0;

  /// The bytes of a done version; not_found if the version is absent or not
  /// done.
  virtual model::outcome<std::string> read_version(const std::string& id, std::uint32_t number) = 0;

  /// Removes the image, its versions and their bytes, the claims of its
  /// commands and the claim of its upload. not_found if absent. The disk
  /// space is given back by later compactions; see reclaim_space().
  virtual model::status delete_image(const std::string& id) = 0;

  /// The image created by the upload that claimed `key`, while that claim is
  /// live at `now_ms`; nullopt otherwise. invalid_request for a malformed key.
  virtual model::outcome<std::optional<std::string>> find_upload(const std::string& key,
                                                                 std::int64_t now_ms) = 0;

  /// The version created by the command on image `id` that claimed `key`,
  /// while that claim is live at `now_ms`; nullopt otherwise, also when the
  /// image is absent. invalid_id / invalid_request for a malformed id / key.
  virtual model::outcome<std::optional<std::uint32_t>>
  find_command(const std::string& id, const std::string& key, std::int64_t now_ms) = 0;

  /// Removes up to `max` (>= 1, else invalid_request) claims that expired by
  /// `now_ms`, earliest expiry first, and returns how many it removed: fewer
  /// than `max` means none was left. Work is proportional to `max` (plus the
  /// tombstones of earlier purges not yet compacted away). Removals are not
  /// synced: after a crash a few may come back, expired, for the next purge.
  virtual model::outcome<std::size_t> purge_expired_keys(std::int64_t now_ms, std::size_t max) = 0;

  /// Up to `query.limit` (>= 1, else invalid_request) images, with their
  /// versions, that meet every condition of `query`, newest first, read from
  /// one snapshot. `next` is the last returned id when more such images
  /// follow, else empty. `before`, `since` and `until` need not name stored
  /// images; invalid_id when one is not an id at all. Conditions are read
  /// from indexes written in the batch of each write, so that the work grows
  /// with the images returned (and, for several conditions, with the
  /// entries of the rarest one passed over), never with the images stored.
  virtual model::outcome<model::image_page> list_images(const model::image_query& query) = 0;

  /// Ids of images that have a queued or running version, oldest first:
  /// the work to resume after a restart.
  virtual model::outcome<std::vector<std::string>> images_with_unfinished_versions() = 0;

  /// Up to `limit` (>= 1, else invalid_request) images, oldest first, with
  /// the bytes each occupies: what retention deletes first. Reads the
  /// records of the returned images only, from one snapshot. Deleted images
  /// leave tombstones at the start of this scan until reclaim_space() or a
  /// compaction removes them.
  virtual model::outcome<std::vector<image_footprint>> oldest_images(std::size_t limit) = 0;

  /// Makes the records of deleted images leave the disk. The bytes of the
  /// byte store go at once (a blob's file is removed with its last
  /// reference), but RocksDB deletes only mark records deleted, and the
  /// bytes that a store of schema 1 kept in RocksDB blob files go only when
  /// all the bytes of their file are garbage. First compacts every family,
  /// dropping deleted keys; then rewrites the live bytes of every such blob
  /// file up to the newest one that is at least a quarter garbage, so that
  /// those go too. Cost: a rewrite of the record and key files (small: no
  /// image bytes) and of the live schema-1 bytes it collects. Blocks the
  /// caller meanwhile; other calls proceed. Meant to run after a batch of
  /// deletes, not after each one. unavailable if RocksDB fails.
  virtual model::status reclaim_space() = 0;

  /// Removes results that workers on this machine left in the byte store
  /// (adopt_version()) and nobody adopted within `age`: their job timed out
  /// or their head restarted. Returns how many.
  virtual model::outcome<std::size_t> forget_unadopted_results(std::chrono::seconds age) = 0;

  /// Totals for metrics and retention; O(1): counters kept in the write
  /// batches plus file sizes RocksDB holds in memory (the WAL, bounded in
  /// size, is not counted in disk_bytes).
  virtual model::outcome<store_usage> usage() = 0;

  /// Flushes memtables to disk; used on graceful shutdown.
  virtual model::status flush() = 0;

  /// The outbox of this store's image events and its webhooks; null when
  /// the store keeps none.
  virtual event_log* events() {
    return nullptr;
  }
};

} // namespace storage
