// What retention needs from rocksdb_image_store: the oldest images with
// their sizes, and giving the space of deleted images back to the disk.

#include "storage/rocksdb_image_store.hpp"
#include "storage/rocksdb_tuning.hpp"
#include "storage/storage_errors.hpp"

namespace storage {

namespace {

image_footprint footprint_of(const model::image_record& image) {
  image_footprint footprint{image.id, image.created_ms, image.bytes};
  for (const auto& version : image.versions)
    if (version.status == model::version_status::done)
      footprint.stored_bytes += version.output.bytes;
  return footprint;
}

} // namespace

model::outcome<std::vector<image_footprint>> rocksdb_image_store::oldest_images(std::size_t limit) {
  if (limit == 0)
    return model::make_problem(model::error_code::invalid_request, "limit must be at least 1");
  auto scan = scan_images();
  auto& images = scan.images;
  // Ids sort by creation time, so oldest first is a forward scan.
  std::vector<image_footprint> oldest;
  for (images->SeekToFirst(); images->Valid() && oldest.size() < limit; images->Next()) {
    auto image = image_at(scan);
    if (!image)
      return image.error();
    oldest.push_back(footprint_of(*image));
  }
  if (!images->status().ok())
    return storage_failure("list the oldest images", images->status());
  return oldest;
}

model::status rocksdb_image_store::reclaim_space() {
  const std::string action = "reclaim the space of deleted images";
  auto first_pass = make_reclaim_options();
  for (auto* handle : families_) {
    auto status = db_->CompactRange(first_pass, handle, nullptr, nullptr);
    if (!status.ok())
      return storage_failure(action, status);
  }
  rocksdb::ColumnFamilyMetaData blobs;
  db_->GetColumnFamilyMetaData(family(keys::blobs_family), &blobs);
  auto collection = make_blob_collection_options(std::move(blobs.blob_files));
  if (!collection)
    return model::ok_status();
  auto status = db_->CompactRange(*collection, family(keys::blobs_family), nullptr, nullptr);
  if (!status.ok())
    return storage_failure(action, status);
  return model::ok_status();
}

} // namespace storage
