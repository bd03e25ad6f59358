#pragma once

// RocksDB settings for this workload: few, large values (image bytes of 1-10
// MB) next to small JSON records, sync writes, and a bounded memory budget.
// Every tunable number lives in rocksdb_tuning.cpp.

#include <optional>
#include <vector>

#include <rocksdb/db.h>
#include <rocksdb/metadata.h>

#include "storage/image_store.hpp"

namespace storage {

struct rocksdb_setup {
  rocksdb::DBOptions db;
  std::vector<rocksdb::ColumnFamilyDescriptor> families; // indexed by keys::family
};

/// Options for opening the store described by `options`.
rocksdb_setup make_rocksdb_setup(const store_options& options);

/// The first pass of image_store::reclaim_space() over every family: drops
/// deleted keys at every level, which also removes the blob files holding
/// only garbage and measures the garbage of the others; relocates nothing.
rocksdb::CompactRangeOptions make_reclaim_options();

/// The second pass, over the blobs family: relocates the live bytes of the
/// blob files (as measured by the first pass) up to the newest one that
/// holds enough garbage to be worth it, so that those files go. nullopt when
/// no file does.
std::optional<rocksdb::CompactRangeOptions>
make_blob_collection_options(std::vector<rocksdb::BlobMetaData> blob_files);

} // namespace storage
