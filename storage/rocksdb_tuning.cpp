#include "storage/rocksdb_tuning.hpp"

#include <algorithm>

#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/write_buffer_manager.h>

#include "storage/key_layout.hpp"
#include "storage/usage_counter.hpp"

namespace storage {

namespace {

// Each SST reader holds an open file and its index; a bound keeps both
// file descriptors and memory flat as the store grows.
constexpr int max_open_files = 256;

// Two cores are shared with the image workers: one flush and one compaction.
constexpr int max_background_jobs = 2;

// Values from this size on go to blob files: image bytes then cost one
// reference in the LSM tree instead of being rewritten by every compaction.
// Tiny images (a few hundred bytes) stay inline, where they are cheaper.
constexpr std::uint64_t min_blob_bytes = 4 << 10;

// A blob file is deleted only once all its blobs are garbage; smaller files
// give disk back sooner after images are deleted.
constexpr std::uint64_t blob_file_bytes = 64 << 20;

// Metadata families get a fraction of the write buffer: their records are
// small, and a large memtable would only hold on to memory.
constexpr std::uint64_t metadata_buffer_divisor = 4;

// All memtables together stay within this many write buffers; past it the
// largest is flushed. This is the bound on memtable memory.
constexpr std::uint64_t memtable_budget_buffers = 2;

// Metadata families flush rarely, and the WAL file they still need also
// holds image bytes already flushed by the blobs family. Capping the WAL
// forces those flushes so that old WAL files can be deleted.
constexpr std::uint64_t wal_budget_buffers = 4;

// reclaim_space() rewrites the live bytes of blob files with at least this
// share of garbage (and of every older file): afterwards garbage takes at
// most a third of the live image bytes on disk, while a file with a few
// deleted images is not rewritten for so little.
constexpr double reclaim_garbage_ratio = 0.25;

// Write image bytes to disk in steps while a file is written, instead of
// one burst at its end that would stall the sync of concurrent writes.
constexpr std::uint64_t bytes_per_sync = 1 << 20;

// Counter merges are folded in the memtable after this many, so that
// reading usage never has to apply a long chain of deltas.
constexpr std::size_t max_successive_merges = 64;

// The informational LOG files of RocksDB.
constexpr std::size_t log_files_kept = 4;
constexpr std::size_t log_file_bytes = 8 << 20;

constexpr int bloom_bits_per_key = 10;

rocksdb::ColumnFamilyOptions base_family_options(const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  // Index and filter blocks are charged to the block cache, so the cache
  // size bounds them too; level-0 ones stay pinned because every read
  // consults them.
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  // Point lookups by id (existence checks, previous version) skip files
  // that do not hold the key.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(bloom_bits_per_key));

  rocksdb::ColumnFamilyOptions family;
  family.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  family.level_compaction_dynamic_level_bytes = true;
  return family;
}

} // namespace

rocksdb_setup make_rocksdb_setup(const store_options& options) {
  auto cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  auto buffer = options.write_buffer_bytes;

  rocksdb_setup setup;
  auto& db = setup.db;
  db.create_if_missing = true;
  db.create_missing_column_families = true;
  db.max_open_files = max_open_files;
  db.max_background_jobs = max_background_jobs;
  db.write_buffer_manager =
      std::make_shared<rocksdb::WriteBufferManager>(memtable_budget_buffers * buffer);
  db.max_total_wal_size = wal_budget_buffers * buffer;
  db.bytes_per_sync = bytes_per_sync;
  db.wal_bytes_per_sync = bytes_per_sync;
  db.keep_log_file_num = log_files_kept;
  db.max_log_file_size = log_file_bytes;

  auto metadata = base_family_options(cache);
  metadata.write_buffer_size = buffer / metadata_buffer_divisor;

  auto counters = metadata;
  counters.merge_operator = make_usage_counter_operator();
  counters.max_successive_merges = max_successive_merges;

  auto blobs = base_family_options(cache);
  blobs.write_buffer_size = buffer;
  blobs.enable_blob_files = true;
  blobs.min_blob_size = min_blob_bytes;
  blobs.blob_file_size = blob_file_bytes;
  // Image formats are compressed already.
  blobs.blob_compression_type = rocksdb::kNoCompression;
  // No garbage collection in routine compactions: it re-read and rewrote
  // the live images of the oldest blob files over and over (a seventh of
  // all CPU under a stream of uploads). Deleted images' bytes are collected
  // by reclaim_space() instead, which the housekeeper runs when they add up.
  blobs.enable_blob_garbage_collection = false;

  setup.families.resize(keys::family_count);
  for (std::size_t index = 0; index < keys::family_count; ++index) {
    const auto& family_options = index == keys::default_family ? counters
                                 : index == keys::blobs_family ? blobs
                                                               : metadata;
    setup.families[index] = {keys::family_names[index], family_options};
  }
  return setup;
}

rocksdb::CompactRangeOptions make_reclaim_options() {
  rocksdb::CompactRangeOptions options;
  // Without a compaction filter RocksDB skips the bottommost level, which is
  // where deleted keys (and the blob references that keep blob files alive)
  // sit; "optimized" skips only the files this compaction just wrote.
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForceOptimized;
  // Blob files are chosen for collection by the garbage this pass measures,
  // not by age alone; see make_blob_collection_options().
  options.blob_garbage_collection_policy = rocksdb::BlobGarbageCollectionPolicy::kDisable;
  return options;
}

std::optional<rocksdb::CompactRangeOptions>
make_blob_collection_options(std::vector<rocksdb::BlobMetaData> blob_files) {
  // Collection relocates every live blob of the files older than a cutoff,
  // so the cutoff is placed just after the newest file that is worth it.
  std::sort(blob_files.begin(), blob_files.end(),
            [](const auto& a, const auto& b) { return a.blob_file_number < b.blob_file_number; });
  std::optional<std::size_t> newest_wasteful;
  for (std::size_t index = 0; index < blob_files.size(); ++index) {
    const auto& file = blob_files[index];
    if (file.garbage_blob_bytes >= reclaim_garbage_ratio * file.total_blob_bytes &&
        file.garbage_blob_bytes > 0)
      newest_wasteful = index;
  }
  if (!newest_wasteful)
    return std::nullopt;
  auto options = make_reclaim_options();
  options.blob_garbage_collection_policy = rocksdb::BlobGarbageCollectionPolicy::kForce;
  // RocksDB collects the files below index floor(cutoff * count); the half
  // keeps rounding from landing one file short. A cutoff >= 1 takes all.
  options.blob_garbage_collection_age_cutoff =
      std::min(1.0, (*newest_wasteful + 1.5) / static_cast<double>(blob_files.size()));
  return options;
}

} // namespace storage
