#pragma once

// The store's RocksDB seen directly, bypassing image_store: what keys a
// family really holds.

#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <vector>

#include <rocksdb/db.h>

#include "storage/key_layout.hpp"
#include "storage/rocksdb_tuning.hpp"

namespace storage_test {

/// Opens the store's RocksDB at `path` and hands the database and its
/// families (indexed by storage::keys::family) to `use`. The store must be
/// closed.
template<class Use>
void with_raw_database(const std::string& path, Use use) {
  auto setup = storage::make_rocksdb_setup({path});
  rocksdb::DB* db = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> families;
  BOOST_REQUIRE(rocksdb::DB::Open(setup.db, path, setup.families, &families, &db).ok());
  use(*db, families);
  for (auto* handle : families)
    db->DestroyColumnFamilyHandle(handle);
  delete db;
}

/// Every key of the family `which`, in order.
inline std::vector<std::string> raw_keys_in(const std::string& path, storage::keys::family which) {
  std::vector<std::string> keys;
  with_raw_database(path, [&](rocksdb::DB& db, auto& families) {
    std::unique_ptr<rocksdb::Iterator> it(db.NewIterator({}, families[which]));
    for (it->SeekToFirst(); it->Valid(); it->Next())
      keys.push_back(it->key().ToString());
  });
  return keys;
}

} // namespace storage_test
