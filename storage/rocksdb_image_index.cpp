// The index family: written in the batch of every write that changes what a
// query selects on (KEY-LAYOUT.md, Queries), and built once for a store
// written before it existed.

#include <rocksdb/write_batch.h>

#include "actors/model/measurements.hpp"
#include "storage/rocksdb_image_store.hpp"
#include "storage/storage_errors.hpp"

namespace storage {

namespace {

// Images whose index entries one rebuild batch holds: bounds its memory.
constexpr std::size_t images_per_rebuild_batch = 1000;

// The prefixes of the entries that an image has from its upload on.
std::vector<std::string> upload_index_prefixes(const model::image_record& image) {
  return keys::index_prefixes(image.labels, image.uploaded_by, image.profile);
}

// The newest of `versions`; nullopt when there are none.
std::optional<newest_version> newest_of(const std::vector<model::version_record>& versions) {
  std::optional<newest_version> newest;
  for (const auto& version : versions)
    if (!newest || version.number > newest->number)
      newest = newest_version{version.number, model::outcome_of(version.status)};
  return newest;
}

} // namespace

void rocksdb_image_store::stage_index(rocksdb::WriteBatch& batch,
                                      const model::image_record& image) {
  for (const auto& prefix : upload_index_prefixes(image))
    batch.Put(family(keys::index_family), prefix + image.id, rocksdb::Slice());
  if (auto newest = newest_of(image.versions))
    stage_newest_version(batch, image.id, std::nullopt, *newest);
}

void rocksdb_image_store::stage_newest_version(rocksdb::WriteBatch& batch, const std::string& id,
                                               const std::optional<newest_version>& before,
                                               const newest_version& after) {
  auto* index = family(keys::index_family);
  if (before && before->outcome != after.outcome)
    batch.Delete(index, keys::outcome_index_prefix(before->outcome) + id);
  if (!before || before->outcome != after.outcome)
    batch.Put(index, keys::outcome_index_prefix(after.outcome) + id, rocksdb::Slice());
  batch.Put(index, keys::newest_version_key(id), encode_newest_version(after));
}

model::outcome<std::optional<newest_version>>
rocksdb_image_store::read_newest_version(const std::string& id) {
  auto value =
      get(keys::index_family, keys::newest_version_key(id), {}, "read the index of image " + id);
  if (!value)
    return value.error();
  if (!*value)
    return std::optional<newest_version>();
  auto newest = decode_newest_version(**value);
  if (!newest)
    return newest.error();
  return std::optional<newest_version>(*newest);
}

model::status rocksdb_image_store::stage_focus(rocksdb::WriteBatch& batch, const std::string& id,
                                               const model::version_record& version) {
  if (version.status != model::version_status::done)
    return model::ok_status();
  auto focus = model::measured_focus(version.output.stats);
  if (!focus)
    return model::ok_status();
  auto key = keys::focus_index_prefix() + id;
  auto stored = get(keys::index_family, key, {}, "read the focus index of image " + id);
  if (!stored)
    return stored.error();
  if (*stored) {
    auto entry = keys::parse_focus_entry(**stored);
    if (entry && entry->version > version.number)
      return model::ok_status();
  }
  batch.Put(family(keys::index_family), key, keys::focus_entry({version.number, *focus}));
  return model::ok_status();
}

model::status rocksdb_image_store::stage_outcome(rocksdb::WriteBatch& batch, const std::string& id,
                                                 const model::version_record& version) {
  auto stored = read_newest_version(id);
  if (!stored)
    return stored.error();
  newest_version written{version.number, model::outcome_of(version.status)};
  // An older version changes nothing; neither does a step that keeps the
  // outcome (queued to running).
  if (*stored && ((*stored)->number > written.number ||
                  ((*stored)->number == written.number && (*stored)->outcome == written.outcome)))
    return model::ok_status();
  stage_newest_version(batch, id, *stored, written);
  return model::ok_status();
}

model::status rocksdb_image_store::stage_index_removal(rocksdb::WriteBatch& batch,
                                                       const model::image_record& image) {
  auto* index = family(keys::index_family);
  for (const auto& prefix : upload_index_prefixes(image))
    batch.Delete(index, prefix + image.id);
  batch.Delete(index, keys::focus_index_prefix() + image.id);
  auto stored = read_newest_version(image.id);
  if (!stored)
    return stored.error();
  if (*stored) {
    batch.Delete(index, keys::outcome_index_prefix((*stored)->outcome) + image.id);
    batch.Delete(index, keys::newest_version_key(image.id));
  }
  return model::ok_status();
}

model::status rocksdb_image_store::rebuild_index() {
  auto scan = scan_images();
  rocksdb::WriteBatch batch;
  std::size_t staged = 0;
  for (scan.images->SeekToFirst(); scan.images->Valid(); scan.images->Next()) {
    auto image = image_at(scan);
    if (!image)
      return image.error();
    stage_index(batch, *image);
    if (++staged % images_per_rebuild_batch == 0) {
      if (auto committed = commit(batch, "build the index", false); !committed)
        return committed;
      batch.Clear();
    }
  }
  if (!scan.images->status().ok())
    return storage_failure("build the index", scan.images->status());
  // The schema marker that follows is synced, and with it every batch here.
  return commit(batch, "build the index", false);
}

} // namespace storage
