// image_store::open: checks that the path can hold a store, opens RocksDB
// with the settings of rocksdb_tuning.cpp and the byte store in its folder
// "bytes", removes bytes a crash left without a record, and turns failures
// into messages an operator can act on. These messages name the path: they are
// shown at start-up, never to clients.

#include <filesystem>

#include "storage/key_layout.hpp"
#include "storage/rocksdb_image_store.hpp"
#include "storage/rocksdb_tuning.hpp"

namespace storage {

namespace {

namespace fs = std::filesystem;

// Below this RocksDB silently raises the value; refuse it instead.
constexpr std::uint64_t min_write_buffer_bytes = 1 << 20;

model::problem cannot_open(const std::string& path, const std::string& reason) {
  return model::make_problem(model::error_code::unavailable, "storage at " + path + " " + reason);
}

// RocksDB creates a database in any directory it is given; refuse a
// non-empty directory that holds no database rather than mix files into it.
model::status check_path(const std::string& path) {
  std::error_code error;
  auto kind = fs::status(path, error).type();
  if (kind == fs::file_type::not_found) {
    if (!fs::create_directories(path, error))
      return cannot_open(path, "cannot be created: " + error.message());
    return model::ok_status();
  }
  if (error)
    return cannot_open(path, "cannot be read: " + error.message());
  if (kind != fs::file_type::directory)
    return cannot_open(path, "is not a directory");
  auto empty = fs::is_empty(path, error);
  if (error)
    return cannot_open(path, "cannot be read: " + error.message());
  if (!empty && !fs::exists(fs::path(path) / "CURRENT", error))
    return cannot_open(path, "is not a RocksDB database (a non-empty directory without CURRENT)");
  return model::ok_status();
}

// RocksDB reports a held LOCK file only in its message text: "While lock
// file" when another process holds it, "lock hold by current process" when
// this process opened the store already.
model::problem open_failure(const std::string& path, const rocksdb::Status& status) {
  auto text = status.ToString();
  if (status.IsIOError() && text.find("lock hold by current process") != std::string::npos)
    return cannot_open(path, "is already open in this process");
  if (status.IsIOError() && text.find("While lock file") != std::string::npos)
    return cannot_open(path, "is in use by another process");
  return cannot_open(path, "cannot be opened: " + text);
}

} // namespace

std::string byte_store_root(const std::string& storage_path) {
  return (fs::path(storage_path) / "bytes").string();
}

model::outcome<std::unique_ptr<image_store>> image_store::open(const store_options& options) {
  const auto& path = options.path;
  if (path.empty())
    return model::make_problem(model::error_code::unavailable, "storage path is empty");
  if (options.write_buffer_bytes < min_write_buffer_bytes)
    return cannot_open(path, "needs a write buffer of at least 1 MiB");
  if (auto usable = check_path(path); !usable)
    return usable.error();

  auto setup = make_rocksdb_setup(options);
  rocksdb::DB* db = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> families;
  auto status = rocksdb::DB::Open(setup.db, path, setup.families, &families, &db);
  if (!status.ok())
    return open_failure(path, status);

  std::unique_ptr<rocksdb::DB> owned(db);
  auto bytes = byte_store::open(byte_store_root(path));
  if (!bytes) {
    for (auto* handle : families)
      owned->DestroyColumnFamilyHandle(handle);
    return cannot_open(path, "cannot keep image bytes: " + bytes.error().message);
  }
  auto store = std::make_unique<rocksdb_image_store>(std::move(owned), std::move(families),
                                                     std::move(*bytes));
  if (auto schema = store->check_schema(); !schema)
    return cannot_open(path, "cannot be used: " + schema.error().message);
  if (auto counted = store->start_events(); !counted)
    return cannot_open(path, "cannot number its events: " + counted.error().message);
  if (auto swept = store->sweep_bytes(); !swept)
    return cannot_open(path, "cannot check its image bytes: " + swept.error().message);
  return std::unique_ptr<image_store>(std::move(store));
}

} // namespace storage
