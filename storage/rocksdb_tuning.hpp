#pragma once

// RocksDB settings for this workload: few, large values (image bytes of 1-10
// MB) next to small JSON records, sync writes, and a bounded memory budget.
// Every tunable number lives in rocksdb_tuning.cpp.

#include <vector>

#include <rocksdb/db.h>

#include "storage/image_store.hpp"

namespace storage {

struct rocksdb_setup {
  rocksdb::DBOptions db;
  std::vector<rocksdb::ColumnFamilyDescriptor> families; // indexed by keys::family
};

/// Options for opening the store described by `options`.
rocksdb_setup make_rocksdb_setup(const store_options& options);

} // namespace storage
