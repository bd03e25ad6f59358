#include "storage/rocksdb_image_store.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include <rocksdb/snapshot.h>
#include <rocksdb/write_batch.h>

#include "storage/crash_point.hpp"
#include "storage/record_codec.hpp"
#include "storage/storage_errors.hpp"
#include "storage/usage_counter.hpp"

namespace storage {

namespace {

bool is_unfinished(model::version_status status) {
  return status == model::version_status::queued || status == model::version_status::running;
}

std::string describe_version(const std::string& id, std::uint32_t number) {
  return "version " + std::to_string(number) + " of image " + id;
}

model::problem about_image(model::problem failure, const std::string& id) {
  failure.message += " (image " + id + ")";
  return failure;
}

} // namespace

rocksdb_image_store::rocksdb_image_store(std::unique_ptr<rocksdb::DB> db,
                                         std::vector<rocksdb::ColumnFamilyHandle*> families,
                                         std::unique_ptr<byte_store> bytes)
    : db_(std::move(db)), bytes_(std::move(bytes)), families_(std::move(families)) {}

rocksdb_image_store::~rocksdb_image_store() {
  for (auto* handle : families_)
    db_->DestroyColumnFamilyHandle(handle);
  // Every write was synced already; a failing close loses nothing.
  db_->Close();
}

model::status rocksdb_image_store::check_schema() {
  auto expected = std::to_string(record_schema_version);
  auto stored = get(keys::default_family, std::string(keys::schema_version_key), {},
                    "read the schema version");
  if (!stored)
    return stored.error();
  if (*stored && **stored == expected)
    return model::ok_status();
  // Records of older schemas are read as they are (record_codec.hpp); the
  // marker says which builds may open the store from now on.
  bool older = *stored && (**stored).size() == 1 && (**stored)[0] >= '1' &&
               (**stored)[0] < '0' + record_schema_version;
  if (*stored && !older)
    return model::make_problem(model::error_code::unavailable,
                               "store has schema version " + **stored +
                                   "; this build reads versions 1 to " + expected);
  // A store of an earlier schema has images but no index of them.
  if (older)
    if (auto indexed = rebuild_index(); !indexed)
      return indexed;
  rocksdb::WriteBatch batch;
  batch.Put(family(keys::default_family), keys::schema_version_key, expected);
  return commit(batch, "record the schema version");
}

model::status rocksdb_image_store::create_image(const model::image_record& image,
                                                std::string_view original) {
  return create(image, original, nullptr);
}

model::status rocksdb_image_store::create_image(const model::image_record& image,
                                                std::string_view original,
                                                const idempotency_claim& claim) {
  return create(image, original, &claim);
}

model::outcome<byte_store::writer> rocksdb_image_store::receive_original() {
  return bytes_->create();
}

model::status rocksdb_image_store::create_image(const model::image_record& image,
                                                byte_store::writer original,
                                                const idempotency_claim* claim) {
  return create(image, std::move(original), claim);
}

model::status rocksdb_image_store::create(const model::image_record& image,
                                          std::string_view original,
                                          const idempotency_claim* claim) {
  // The record's SHA-256 was computed from these very bytes
  // (image_store.hpp): it names them unchecked.
  auto writer = bytes_->create(image.sha256);
  if (!writer)
    return writer.error();
  if (auto written = writer->append(original); !written)
    return written;
  return create(image, std::move(*writer), claim);
}

model::status rocksdb_image_store::create(const model::image_record& image,
                                          byte_store::writer original,
                                          const idempotency_claim* claim) {
  if (auto valid = check_image_id(image.id); !valid)
    return valid;
  if (claim != nullptr)
    if (auto valid = check_claim(*claim); !valid)
      return valid;
  const auto& id = image.id;
  auto received = original.finish();
  if (!received)
    return received.error();
  if (image.bytes != received->size || image.sha256 != received->sha256)
    return contract_violation("image " + id + " records " + std::to_string(image.bytes) +
                              " bytes named " + image.sha256 + " but its original has " +
                              std::to_string(received->size) + " named " + received->sha256);
  rocksdb::WriteBatch batch;
  batch.Put(family(keys::images_family), keys::image_key(id), encode_image(image));
  std::set<std::uint32_t> numbers;
  for (const auto& version : image.versions) {
    if (auto valid = check_version_number(version.number); !valid)
      return valid;
    if (!numbers.insert(version.number).second)
      return contract_violation(describe_version(id, version.number) + " is given twice");
    if (version.status == model::version_status::done)
      return contract_violation(describe_version(id, version.number) +
                                " is done: its bytes are stored with finish_version");
    stage_version(batch, id, version, false);
  }
  stage_index(batch, image);
  stage_usage_change(batch, 1, static_cast<std::int64_t>(image.bytes));
  // Bytes first, synced, outside every lock; their record comes later.
  auto sealed = original.seal();
  if (!sealed)
    return sealed.error();

  std::lock_guard<std::mutex> guard(lock_for(id));
  auto existing = get(keys::images_family, keys::image_key(id), {}, "read image " + id);
  if (!existing)
    return existing.error();
  if (*existing)
    return model::make_problem(model::error_code::conflict, "image " + id + " already exists");
  std::unique_lock<std::mutex> claim_guard;
  if (claim != nullptr) {
    auto claim_key = keys::upload_claim_key(claim->key);
    claim_guard = std::unique_lock<std::mutex>(upload_claim_lock(claim_key));
    if (auto staged = stage_claim(batch, claim_key, *claim, id, 0); !staged)
      return staged;
    batch.Put(family(keys::idempotency_family), keys::image_upload_key(id), claim->key);
  }
  std::lock_guard<std::mutex> blob_guard(blob_lock(image.sha256));
  if (auto staged = stage_reference(batch, std::move(*sealed)); !staged)
    return staged;
  auto event = stage_event(batch, model::event_type::image_created, image, nullptr);
  return commit(batch, "create image " + id);
}

model::outcome<model::image_record> rocksdb_image_store::load_image(const std::string& id) {
  if (auto valid = check_image_id(id); !valid)
    return valid.error();
  // One snapshot for the image and its versions: a concurrent write is seen
  // entirely or not at all.
  rocksdb::ManagedSnapshot snapshot(db_.get());
  rocksdb::ReadOptions read;
  read.snapshot = snapshot.snapshot();
  auto image = read_image(id, read);
  if (!image)
    return image;
  std::unique_ptr<rocksdb::Iterator> versions(
      db_->NewIterator(read, family(keys::versions_family)));
  auto stored = read_versions(*versions, id);
  if (!stored)
    return stored.error();
  image->versions = std::move(*stored);
  return image;
}

model::status rocksdb_image_store::put_version(const std::string& id,
                                               const model::version_record& version) {
  return put(id, version, nullptr);
}

model::status rocksdb_image_store::put_version(const std::string& id,
                                               const model::version_record& version,
                                               const idempotency_claim& claim) {
  return put(id, version, &claim);
}

model::status rocksdb_image_store::put_version_buffered(const std::string& id,
                                                        const model::version_record& version,
                                                        const idempotency_claim* claim) {
  return put(id, version, claim, false);
}

model::status rocksdb_image_store::sync_writes() {
  auto status = db_->SyncWAL();
  if (!status.ok())
    return storage_failure("sync the write-ahead log", status);
  return model::ok_status();
}

model::status rocksdb_image_store::start_version(const std::string& id,
                                                 const model::version_record& version) {
  if (version.status != model::version_status::running)
    return contract_violation("start_version stores running versions; " +
                              describe_version(id, version.number) + " is " +
                              model::to_string(version.status));
  return write_version(id, version, std::nullopt, nullptr, false);
}

model::status rocksdb_image_store::put(const std::string& id, const model::version_record& version,
                                       const idempotency_claim* claim, bool sync) {
  if (version.status == model::version_status::done)
    return contract_violation(describe_version(id, version.number) +
                              " is done: its bytes are stored with finish_version");
  return write_version(id, version, std::nullopt, claim, sync);
}

model::status rocksdb_image_store::check_done_version(const std::string& id,
                                                      const model::version_record& version) {
  if (auto valid = check_image_id(id); !valid)
    return valid;
  if (auto valid = check_version_number(version.number); !valid)
    return valid;
  if (version.status != model::version_status::done)
    return contract_violation("finish_version stores done versions; " +
                              describe_version(id, version.number) + " is " +
                              model::to_string(version.status));
  return model::ok_status();
}

model::status rocksdb_image_store::finish_version(const std::string& id,
                                                  const model::version_record& version,
                                                  std::string_view bytes) {
  if (auto valid = check_done_version(id, version); !valid)
    return valid;
  if (version.output.bytes != bytes.size())
    return contract_violation(describe_version(id, version.number) + " records " +
                              std::to_string(version.output.bytes) + " bytes but " +
                              std::to_string(bytes.size()) + " were given");
  // Bytes first, synced, outside every lock; their record comes later.
  auto sealed = bytes_->seal_bytes(bytes);
  if (!sealed)
    return sealed.error();
  return finish_sealed(id, version, std::move(*sealed));
}

model::status rocksdb_image_store::adopt_version(const std::string& id,
                                                 const model::version_record& version,
                                                 std::string_view temporary) {
  if (auto valid = check_done_version(id, version); !valid)
    return valid;
  auto sealed = bytes_->adopt(temporary);
  if (!sealed)
    return sealed.error();
  if (version.output.bytes != sealed->ref().size)
    return contract_violation(describe_version(id, version.number) + " records " +
                              std::to_string(version.output.bytes) + " bytes but its file has " +
                              std::to_string(sealed->ref().size));
  return finish_sealed(id, version, std::move(*sealed));
}

model::status rocksdb_image_store::finish_sealed(const std::string& id,
                                                 const model::version_record& version,
                                                 byte_store::sealed blob) {
  if (blob.ref().sha256 != version.output.sha256)
    return contract_violation(describe_version(id, version.number) + " records the SHA-256 " +
                              version.output.sha256 + " but its bytes have " + blob.ref().sha256);
  return write_version(id, version, std::move(blob), nullptr);
}

model::outcome<std::optional<reusable_version>>
rocksdb_image_store::find_reusable(std::string_view source_sha256,
                                   const std::vector<model::op_call>& ops) {
  auto target = get(keys::default_family, keys::reuse_key(source_sha256, ops), {},
                    "look up a reusable result");
  if (!target)
    return target.error();
  if (!*target)
    return std::optional<reusable_version>();
  auto address = keys::parse_version_key(**target);
  if (!address)
    return model::make_problem(model::error_code::internal_error,
                               "stored reuse entry \"" + **target + "\" is corrupt");
  std::string id(address->id);
  auto version = read_stored_version(id, address->number);
  if (!version)
    return version.error();
  // The entry outlived its version only if the version's image was deleted
  // between reading the entry and now; its bytes may have gone with it.
  if (!*version || (*version)->status != model::version_status::done)
    return std::optional<reusable_version>();
  auto blob = read_blob_record((*version)->output.sha256);
  if (!blob)
    return blob.error();
  if (!*blob)
    return std::optional<reusable_version>();
  return std::optional<reusable_version>(reusable_version{std::move(id), std::move(**version)});
}

model::status rocksdb_image_store::reuse_version(const std::string& id,
                                                 const model::version_record& version) {
  if (auto valid = check_done_version(id, version); !valid)
    return valid;
  if (!version.reused_from.present())
    return contract_violation("reuse_version stores reused versions; " +
                              describe_version(id, version.number) + " names no origin");
  return write_version(id, version, std::nullopt, nullptr);
}

model::outcome<std::string> rocksdb_image_store::read_original(const std::string& id) {
  if (auto valid = check_image_id(id); !valid)
    return valid.error();
  auto image = read_image(id, {});
  if (!image)
    return image.error();
  return read_bytes(image->sha256, keys::original_blob_key(id), "read the original of image " + id,
                    no_image(id));
}

model::outcome<std::string> rocksdb_image_store::read_version(const std::string& id,
                                                              std::uint32_t number) {
  if (auto valid = check_image_id(id); !valid)
    return valid.error();
  if (auto valid = check_version_number(number); !valid)
    return valid.error();
  auto what = describe_version(id, number);
  auto missing = model::make_problem(model::error_code::not_found, "no bytes for " + what);
  auto version = read_stored_version(id, number);
  if (!version)
    return version.error();
  if (!*version || (*version)->status != model::version_status::done)
    return missing;
  return read_bytes((*version)->output.sha256, keys::version_blob_key(id, number), "read " + what,
                    missing);
}

model::outcome<std::optional<stored_file>> rocksdb_image_store::locate(const std::string& id,
                                                                       std::uint32_t number) {
  if (auto valid = check_image_id(id); !valid)
    return valid.error();
  std::string sha256;
  if (number == 0) {
    auto image = read_image(id, {});
    if (!image)
      return image.error();
    sha256 = image->sha256;
  } else {
    auto version = read_stored_version(id, number);
    if (!version)
      return version.error();
    if (!*version || (*version)->status != model::version_status::done)
      return model::make_problem(model::error_code::not_found,
                                 "no bytes for " + describe_version(id, number));
    sha256 = (*version)->output.sha256;
  }
  auto record = read_blob_record(sha256);
  if (!record)
    return record.error();
  if (!*record)
    return std::optional<stored_file>();
  blob_ref ref{sha256, (*record)->size, (*record)->xxh3};
  return std::optional<stored_file>(stored_file{ref, bytes_->path_of(sha256)});
}

model::status rocksdb_image_store::delete_image(const std::string& id) {
  if (auto valid = check_image_id(id); !valid)
    return valid;
  std::lock_guard<std::mutex> guard(lock_for(id));
  auto image = read_image(id, {});
  if (!image)
    return image.error();
  std::unique_ptr<rocksdb::Iterator> iterator(db_->NewIterator({}, family(keys::versions_family)));
  auto versions = read_versions(*iterator, id);
  if (!versions)
    return versions.error();

  rocksdb::WriteBatch batch;
  batch.Delete(family(keys::images_family), keys::image_key(id));
  if (auto staged = stage_index_removal(batch, *image); !staged)
    return staged;
  auto freed = static_cast<std::int64_t>(image->bytes);
  // The byte store's blobs the image points to, as often as it points to
  // them. Bytes kept in RocksDB before the byte store existed hold no
  // reference, even when the same bytes were stored again since.
  std::map<std::string, std::uint64_t> dropped;
  auto drop = [&](const std::string& legacy_key, const std::string& sha256) -> model::status {
    auto legacy = get(keys::blobs_family, legacy_key, {}, "read " + legacy_key);
    if (!legacy)
      return legacy.error();
    if (*legacy)
      batch.Delete(family(keys::blobs_family), legacy_key);
    else
      ++dropped[sha256];
    return model::ok_status();
  };
  if (auto dropped_original = drop(keys::original_blob_key(id), image->sha256); !dropped_original)
    return dropped_original;
  if (auto staged = stage_reuse_removal(batch, *image, *versions); !staged)
    return staged;
  for (const auto& version : *versions) {
    auto key = keys::version_key(id, version.number);
    batch.Delete(family(keys::versions_family), key);
    if (is_unfinished(version.status))
      batch.Delete(family(keys::unfinished_family), key);
    if (version.status == model::version_status::done) {
      freed += static_cast<std::int64_t>(version.output.bytes);
      if (auto dropped_version =
              drop(keys::version_blob_key(id, version.number), version.output.sha256);
          !dropped_version)
        return dropped_version;
    }
  }
  stage_usage_change(batch, -1, -freed);
  std::unique_lock<std::mutex> claim_guard;
  if (auto staged = stage_claims_removal(batch, id, claim_guard); !staged)
    return staged;

  std::vector<std::string> names;
  for (const auto& [sha256, count] : dropped)
    names.push_back(sha256);
  auto blob_guards = lock_blobs(names);
  std::vector<std::string> unreferenced;
  std::int64_t files_freed = 0;
  for (const auto& [sha256, count] : dropped) {
    auto record = read_blob_record(sha256);
    if (!record)
      return record.error();
    if (!*record)
      continue; // nothing counts references to these bytes
    auto blob = **record;
    if (blob.references > count) {
      blob.references -= count;
      batch.Put(family(keys::default_family), keys::blob_record_key(sha256), encode_blob(blob));
      continue;
    }
    batch.Delete(family(keys::default_family), keys::blob_record_key(sha256));
    files_freed += static_cast<std::int64_t>(blob.size);
    unreferenced.push_back(sha256);
  }
  if (files_freed != 0)
    batch.Merge(family(keys::default_family), keys::file_bytes_key,
                encode_counter_delta(-files_freed));
  auto event = stage_event(batch, model::event_type::image_deleted, *image, nullptr);
  if (auto committed = commit(batch, "delete image " + id); !committed)
    return committed;
  crash_point("record-deleted");
  for (const auto& sha256 : unreferenced)
    if (auto removed = bytes_->remove(sha256); !removed)
      return removed; // the record is gone: the next start sweeps the file
  return model::ok_status();
}

model::outcome<std::vector<std::string>> rocksdb_image_store::images_with_unfinished_versions() {
  std::unique_ptr<rocksdb::Iterator> markers(db_->NewIterator({}, family(keys::unfinished_family)));
  std::vector<std::string> ids;
  // Markers sort by image id, hence by creation time, and an image's markers
  // are adjacent.
  for (markers->SeekToFirst(); markers->Valid(); markers->Next()) {
    auto id = keys::id_of(markers->key().ToStringView());
    if (ids.empty() || ids.back() != id)
      ids.emplace_back(id);
  }
  if (!markers->status().ok())
    return storage_failure("list unfinished versions", markers->status());
  return ids;
}

model::outcome<store_usage> rocksdb_image_store::usage() {
  store_usage totals;
  auto images = read_counter(keys::image_count_key);
  if (!images)
    return images.error();
  auto live_bytes = read_counter(keys::live_bytes_key);
  if (!live_bytes)
    return live_bytes.error();
  auto file_bytes = read_counter(keys::file_bytes_key);
  if (!file_bytes)
    return file_bytes.error();
  totals.images = *images;
  totals.live_bytes = *live_bytes;
  totals.disk_bytes = *file_bytes;
  // Both properties add up file sizes kept in memory: no disk access.
  for (const auto* property :
       {&rocksdb::DB::Properties::kTotalSstFilesSize, &rocksdb::DB::Properties::kTotalBlobFileSize})
    for (auto* handle : families_) {
      std::uint64_t size = 0;
      if (!db_->GetIntProperty(handle, *property, &size))
        return model::make_problem(model::error_code::unavailable,
                                   "storage could not read the size of its files");
      totals.disk_bytes += size;
    }
  return totals;
}

model::status rocksdb_image_store::flush() {
  auto status = db_->Flush(rocksdb::FlushOptions(), families_);
  if (!status.ok())
    return storage_failure("flush", status);
  return model::ok_status();
}

std::mutex& rocksdb_image_store::lock_for(const std::string& id) {
  return image_locks_[std::hash<std::string>{}(id) % image_locks_.size()];
}

std::mutex& rocksdb_image_store::upload_claim_lock(std::string_view claim_key) {
  return upload_claim_locks_[std::hash<std::string_view>{}(claim_key) % upload_claim_locks_.size()];
}

std::mutex& rocksdb_image_store::blob_lock(std::string_view sha256) {
  return blob_locks_[std::hash<std::string_view>{}(sha256) % blob_locks_.size()];
}

std::vector<std::unique_lock<std::mutex>>
rocksdb_image_store::lock_blobs(std::vector<std::string> sha256s) {
  std::vector<std::mutex*> locks;
  for (const auto& sha256 : sha256s)
    locks.push_back(&blob_lock(sha256));
  std::sort(locks.begin(), locks.end());
  locks.erase(std::unique(locks.begin(), locks.end()), locks.end());
  std::vector<std::unique_lock<std::mutex>> held;
  for (auto* lock : locks)
    held.emplace_back(*lock);
  return held;
}

model::outcome<std::optional<blob_record>>
rocksdb_image_store::read_blob_record(const std::string& sha256) {
  auto value = get(keys::default_family, keys::blob_record_key(sha256), {},
                   "read the record of blob " + sha256);
  if (!value)
    return value.error();
  if (!*value)
    return std::optional<blob_record>();
  auto record = decode_blob(**value);
  if (!record)
    return record.error();
  return std::optional<blob_record>(*record);
}

model::status rocksdb_image_store::stage_reference(rocksdb::WriteBatch& batch,
                                                   byte_store::sealed blob) {
  const auto sha256 = blob.ref().sha256;
  auto record = read_blob_record(sha256);
  if (!record)
    return record.error();
  blob_record updated;
  if (*record) {
    // The same bytes are stored already; the new copy goes with `blob`.
    updated = **record;
  } else {
    updated = {blob.ref().size, blob.ref().xxh3, 0};
    crash_point("bytes-synced");
    if (auto published = bytes_->publish(std::move(blob)); !published)
      return published;
    crash_point("bytes-published");
    batch.Merge(family(keys::default_family), keys::file_bytes_key,
                encode_counter_delta(static_cast<std::int64_t>(updated.size)));
  }
  ++updated.references;
  batch.Put(family(keys::default_family), keys::blob_record_key(sha256), encode_blob(updated));
  return model::ok_status();
}

model::status
rocksdb_image_store::stage_reuse_removal(rocksdb::WriteBatch& batch,
                                         const model::image_record& image,
                                         const std::vector<model::version_record>& versions) {
  std::map<std::uint32_t, const model::version_record*> by_number;
  for (const auto& version : versions)
    by_number[version.number] = &version;
  for (const auto& version : versions) {
    if (version.status != model::version_status::done || version.reused_from.present())
      continue;
    auto source = by_number.find(version.source);
    if (version.source != 0 && source == by_number.end())
      continue;
    auto key = keys::reuse_key(version.source == 0 ? image.sha256 : source->second->output.sha256,
                               version.command.ops);
    auto entry = get(keys::default_family, key, {}, "read a reuse entry");
    if (!entry)
      return entry.error();
    // A later equal result of another image may have taken the entry over.
    if (*entry && **entry == keys::version_key(image.id, version.number))
      batch.Delete(family(keys::default_family), key);
  }
  return model::ok_status();
}

model::status rocksdb_image_store::stage_existing_reference(rocksdb::WriteBatch& batch,
                                                            const std::string& sha256) {
  auto record = read_blob_record(sha256);
  if (!record)
    return record.error();
  if (!*record)
    return model::make_problem(model::error_code::not_found,
                               "the bytes " + sha256 + " are no longer stored");
  auto updated = **record;
  ++updated.references;
  batch.Put(family(keys::default_family), keys::blob_record_key(sha256), encode_blob(updated));
  return model::ok_status();
}

model::outcome<std::optional<std::string>>
rocksdb_image_store::source_sha256(const model::image_record& image,
                                   const model::version_record& version) {
  if (version.source == 0)
    return std::optional<std::string>(image.sha256);
  auto source = read_stored_version(image.id, version.source);
  if (!source)
    return source.error();
  if (!*source || (*source)->status != model::version_status::done)
    return std::optional<std::string>();
  return std::optional<std::string>((*source)->output.sha256);
}

model::outcome<std::string> rocksdb_image_store::read_bytes(const std::string& sha256,
                                                            const std::string& legacy_key,
                                                            std::string_view action,
                                                            model::problem missing) {
  auto record = read_blob_record(sha256);
  if (!record)
    return record.error();
  if (!*record)
    return read_blob(legacy_key, action, std::move(missing));
  return bytes_->read({sha256, (*record)->size, (*record)->xxh3});
}

model::outcome<std::size_t>
rocksdb_image_store::forget_unadopted_results(std::chrono::seconds age) {
  return bytes_->sweep_temporaries(age);
}

model::outcome<std::size_t> rocksdb_image_store::sweep_bytes() {
  std::optional<model::problem> failed;
  auto removed = bytes_->sweep([&](std::string_view sha256) {
    auto record = read_blob_record(std::string(sha256));
    if (!record)
      failed = record.error();
    return !record || record->has_value(); // keep what cannot be decided
  });
  if (failed)
    return *failed;
  return removed;
}

std::mutex& rocksdb_image_store::claim_lock(std::string_view claim_key) {
  auto image = keys::image_of_command_claim(claim_key);
  return image.empty() ? upload_claim_lock(claim_key) : lock_for(std::string(image));
}

model::outcome<std::optional<std::string>>
rocksdb_image_store::get(keys::family which, const std::string& key,
                         const rocksdb::ReadOptions& read, std::string_view action) {
  std::string value;
  auto status = db_->Get(read, family(which), key, &value);
  if (status.IsNotFound())
    return std::optional<std::string>();
  if (!status.ok())
    return storage_failure(action, status);
  return std::optional<std::string>(std::move(value));
}

model::outcome<model::image_record>
rocksdb_image_store::read_image(const std::string& id, const rocksdb::ReadOptions& read) {
  auto value = get(keys::images_family, keys::image_key(id), read, "read image " + id);
  if (!value)
    return value.error();
  if (!*value)
    return no_image(id);
  auto image = decode_image(**value);
  if (!image)
    return about_image(std::move(image).error(), id);
  return image;
}

model::outcome<std::vector<model::version_record>>
rocksdb_image_store::read_versions(rocksdb::Iterator& versions, const std::string& id) {
  auto prefix = keys::image_prefix(id);
  std::vector<model::version_record> result;
  for (versions.Seek(prefix); versions.Valid() && versions.key().starts_with(prefix);
       versions.Next()) {
    auto version = decode_version(versions.value().ToStringView());
    if (!version)
      return about_image(std::move(version).error(), id);
    result.push_back(std::move(*version));
  }
  if (!versions.status().ok())
    return storage_failure("read the versions of image " + id, versions.status());
  return result;
}

rocksdb_image_store::image_scan::image_scan(rocksdb::DB& db,
                                            rocksdb::ColumnFamilyHandle* images_family,
                                            rocksdb::ColumnFamilyHandle* versions_family)
    : snapshot(&db) {
  rocksdb::ReadOptions read;
  read.snapshot = snapshot.snapshot();
  images.reset(db.NewIterator(read, images_family));
  versions.reset(db.NewIterator(read, versions_family));
}

rocksdb_image_store::image_scan rocksdb_image_store::scan_images() {
  return image_scan(*db_, family(keys::images_family), family(keys::versions_family));
}

model::outcome<model::image_record> rocksdb_image_store::image_at(image_scan& scan) {
  auto id = scan.images->key().ToString();
  auto image = decode_image(scan.images->value().ToStringView());
  if (!image)
    return about_image(std::move(image).error(), id);
  auto stored = read_versions(*scan.versions, id);
  if (!stored)
    return stored.error();
  image->versions = std::move(*stored);
  return image;
}

model::outcome<rocksdb_image_store::optional_version>
rocksdb_image_store::read_stored_version(const std::string& id, std::uint32_t number) {
  auto what = describe_version(id, number);
  auto value = get(keys::versions_family, keys::version_key(id, number), {}, "read " + what);
  if (!value)
    return value.error();
  if (!*value)
    return optional_version();
  auto version = decode_version(**value);
  if (!version)
    return about_image(std::move(version).error(), id);
  return optional_version(std::move(*version));
}

model::outcome<std::uint64_t> rocksdb_image_store::read_counter(std::string_view key) {
  auto value = get(keys::default_family, std::string(key), {}, "read the usage totals");
  if (!value)
    return value.error();
  if (!*value)
    return std::uint64_t{0};
  auto counter = decode_counter(**value);
  if (!counter)
    return model::make_problem(model::error_code::internal_error,
                               "stored usage counter " + std::string(key) + " is corrupt");
  return *counter;
}

model::outcome<std::string> rocksdb_image_store::read_blob(const std::string& key,
                                                           std::string_view action,
                                                           model::problem missing) {
  auto value = get(keys::blobs_family, key, {}, action);
  if (!value)
    return value.error();
  if (!*value)
    return missing;
  return std::move(**value);
}

model::status rocksdb_image_store::write_version(const std::string& id,
                                                 const model::version_record& version,
                                                 std::optional<byte_store::sealed> bytes,
                                                 const idempotency_claim* claim, bool sync) {
  if (auto valid = check_image_id(id); !valid)
    return valid;
  if (auto valid = check_version_number(version.number); !valid)
    return valid;
  if (claim != nullptr)
    if (auto valid = check_claim(*claim); !valid)
      return valid;
  auto what = describe_version(id, version.number);
  std::lock_guard<std::mutex> guard(lock_for(id));
  auto image = get(keys::images_family, keys::image_key(id), {}, "read image " + id);
  if (!image)
    return image.error();
  if (!*image)
    return no_image(id);
  auto previous = read_stored_version(id, version.number);
  if (!previous)
    return previous.error();
  if (*previous && (*previous)->status == model::version_status::done)
    return model::make_problem(model::error_code::conflict, what + " is done and cannot change");

  rocksdb::WriteBatch batch;
  if (claim != nullptr) {
    if (*previous)
      return contract_violation(what + " is stored already: a claim protects its first write");
    if (auto staged =
            stage_claim(batch, keys::command_claim_key(id, claim->key), *claim, id, version.number);
        !staged)
      return staged;
  }
  stage_version(batch, id, version, *previous && is_unfinished((*previous)->status));
  if (auto staged = stage_outcome(batch, id, version); !staged)
    return staged;
  if (auto staged = stage_focus(batch, id, version); !staged)
    return staged;
  event_sequence::ticket event;
  bool settles = version.status == model::version_status::done ||
                 version.status == model::version_status::failed;
  // The event and the reuse entry of a settled version read the image.
  model::outcome<model::image_record> decoded = model::image_record{};
  if (settles)
    decoded = decode_image(**image);
  if (!decoded)
    return decoded.error();
  if (settles && !(*previous && (*previous)->status == version.status))
    event = stage_event(batch,
                        version.status == model::version_status::done
                            ? model::event_type::version_done
                            : model::event_type::version_failed,
                        *decoded, &version);
  std::unique_lock<std::mutex> blob_guard;
  if (bytes) {
    // The result becomes reusable by equal commands, on any image.
    auto source = source_sha256(*decoded, version);
    if (!source)
      return source.error();
    if (*source)
      batch.Put(family(keys::default_family), keys::reuse_key(**source, version.command.ops),
                keys::version_key(id, version.number));
    stage_usage_change(batch, 0, static_cast<std::int64_t>(bytes->ref().size));
    blob_guard = std::unique_lock<std::mutex>(blob_lock(bytes->ref().sha256));
    if (auto staged = stage_reference(batch, std::move(*bytes)); !staged)
      return staged;
  } else if (version.status == model::version_status::done) {
    stage_usage_change(batch, 0, static_cast<std::int64_t>(version.output.bytes));
    blob_guard = std::unique_lock<std::mutex>(blob_lock(version.output.sha256));
    if (auto staged = stage_existing_reference(batch, version.output.sha256); !staged)
      return staged;
  }
  return commit(batch, "write " + what, sync);
}

void rocksdb_image_store::stage_version(rocksdb::WriteBatch& batch, const std::string& id,
                                        const model::version_record& version, bool was_unfinished) {
  auto key = keys::version_key(id, version.number);
  batch.Put(family(keys::versions_family), key, encode_version(version));
  // The marker lives exactly as long as the version is queued or running.
  if (is_unfinished(version.status))
    batch.Put(family(keys::unfinished_family), key, rocksdb::Slice());
  else if (was_unfinished)
    batch.Delete(family(keys::unfinished_family), key);
}

void rocksdb_image_store::stage_usage_change(rocksdb::WriteBatch& batch, std::int64_t images,
                                             std::int64_t bytes) {
  if (images != 0)
    batch.Merge(family(keys::default_family), keys::image_count_key, encode_counter_delta(images));
  batch.Merge(family(keys::default_family), keys::live_bytes_key, encode_counter_delta(bytes));
}

model::status rocksdb_image_store::commit(rocksdb::WriteBatch& batch, std::string_view action,
                                          bool sync) {
  rocksdb::WriteOptions write;
  write.sync = sync; // synced writes survive kill -9 and power loss once acknowledged
  auto status = db_->Write(write, &batch);
  if (!status.ok())
    return storage_failure(action, status);
  return model::ok_status();
}

} // namespace storage
