#include "tests/unit/actors/memory_store.hpp"

#include <stdexcept>

#include "tests/support/image_query_pages.hpp"

namespace test_support {

using model::error_code;

model::status memory_store::write_guard() const {
  if (fail_writes_)
    return model::problem{error_code::unavailable, "writes disabled by the test"};
  return model::ok_status();
}

void memory_store::read_guard() {
  if (throw_on_next_read_) {
    throw_on_next_read_ = false;
    throw std::runtime_error("scripted read failure");
  }
}

void memory_store::throw_on_next_read() {
  std::lock_guard guard{mutex_};
  throw_on_next_read_ = true;
}

model::problem memory_store::missing(const std::string& id) const {
  return {error_code::not_found, "image " + id + " not found"};
}

model::status memory_store::create_image(const model::image_record& image,
                                         std::string_view original) {
  std::lock_guard guard{mutex_};
  if (auto ok = write_guard(); !ok)
    return ok;
  images_[image.id] = stored_image{image, std::string(original), {}};
  return model::ok_status();
}

model::outcome<model::image_record> memory_store::load_image(const std::string& id) {
  std::lock_guard guard{mutex_};
  auto it = images_.find(id);
  if (it == images_.end())
    return missing(id);
  return it->second.record;
}

model::status memory_store::put_version(const std::string& id,
                                        const model::version_record& version) {
  std::lock_guard guard{mutex_};
  if (auto ok = write_guard(); !ok)
    return ok;
  auto it = images_.find(id);
  if (it == images_.end())
    return missing(id);
  auto& versions = it->second.record.versions;
  if (version.number > versions.size())
    versions.resize(version.number);
  versions[version.number - 1] = version;
  return model::ok_status();
}

model::status memory_store::finish_version(const std::string& id,
                                           const model::version_record& version,
                                           std::string_view bytes) {
  if (auto ok = put_version(id, version); !ok)
    return ok;
  std::lock_guard guard{mutex_};
  images_[id].version_bytes[version.number] = std::string(bytes);
  return model::ok_status();
}

model::outcome<std::string> memory_store::read_original(const std::string& id) {
  std::lock_guard guard{mutex_};
  read_guard();
  auto it = images_.find(id);
  if (it == images_.end())
    return missing(id);
  return it->second.original;
}

model::outcome<std::string> memory_store::read_version(const std::string& id,
                                                       std::uint32_t number) {
  std::lock_guard guard{mutex_};
  auto it = images_.find(id);
  if (it == images_.end())
    return missing(id);
  auto bytes = it->second.version_bytes.find(number);
  if (bytes == it->second.version_bytes.end())
    return model::problem{error_code::not_found, "no bytes for version " + std::to_string(number)};
  return bytes->second;
}

model::status memory_store::delete_image(const std::string& id) {
  std::lock_guard guard{mutex_};
  if (auto ok = write_guard(); !ok)
    return ok;
  if (images_.erase(id) == 0)
    return missing(id);
  for (auto it = claims_.begin(); it != claims_.end();)
    it = it->second.image == id ? claims_.erase(it) : std::next(it);
  return model::ok_status();
}

model::outcome<model::image_page> memory_store::list_images(const model::image_query& query) {
  std::lock_guard guard{mutex_};
  return test_support::query_page(
      images_, query, [](const auto& image) -> const auto& { return image.record; });
}

model::outcome<std::vector<std::string>> memory_store::images_with_unfinished_versions() {
  std::lock_guard guard{mutex_};
  std::vector<std::string> ids;
  for (const auto& [id, image] : images_)
    for (const auto& version : image.record.versions)
      if (version.status == model::version_status::queued ||
          version.status == model::version_status::running) {
        ids.push_back(id);
        break;
      }
  return ids;
}

model::outcome<storage::store_usage> memory_store::usage() {
  std::lock_guard guard{mutex_};
  storage::store_usage usage;
  usage.images = images_.size();
  for (const auto& [id, image] : images_) {
    usage.live_bytes += image.original.size();
    for (const auto& [number, bytes] : image.version_bytes)
      usage.live_bytes += bytes.size();
  }
  usage.disk_bytes = usage.live_bytes + garbage_bytes_;
  return usage;
}

void memory_store::add_garbage(std::uint64_t bytes) {
  std::lock_guard guard{mutex_};
  garbage_bytes_ += bytes;
}

std::size_t memory_store::reclaim_count() {
  std::lock_guard guard{mutex_};
  return reclaim_count_;
}

model::status memory_store::flush() {
  return model::ok_status();
}

void memory_store::fail_writes(bool fail) {
  std::lock_guard guard{mutex_};
  fail_writes_ = fail;
}

model::status memory_store::create_image(const model::image_record& image,
                                         std::string_view original,
                                         const storage::idempotency_claim& claim) {
  if (auto ok = create_image(image, original); !ok)
    return ok;
  std::lock_guard guard{mutex_};
  claims_["u/" + claim.key] = {image.id, 0, claim.expires_ms};
  return model::ok_status();
}

model::status memory_store::put_version_buffered(const std::string& id,
                                                 const model::version_record& version,
                                                 const storage::idempotency_claim* claim) {
  return claim == nullptr ? put_version(id, version) : put_version(id, version, *claim);
}

model::status memory_store::sync_writes() {
  std::lock_guard guard{mutex_};
  if (auto writable = write_guard(); !writable)
    return writable;
  ++sync_count_;
  return model::ok_status();
}

std::size_t memory_store::sync_count() {
  std::lock_guard guard{mutex_};
  return sync_count_;
}

model::status memory_store::start_version(const std::string& id,
                                          const model::version_record& version) {
  return put_version(id, version);
}

model::status memory_store::put_version(const std::string& id, const model::version_record& version,
                                        const storage::idempotency_claim& claim) {
  if (auto ok = put_version(id, version); !ok)
    return ok;
  std::lock_guard guard{mutex_};
  claims_["c/" + id + "/" + claim.key] = {id, version.number, claim.expires_ms};
  return model::ok_status();
}

model::outcome<std::optional<std::string>> memory_store::find_upload(const std::string& key,
                                                                     std::int64_t now_ms) {
  std::lock_guard guard{mutex_};
  auto it = claims_.find("u/" + key);
  if (it == claims_.end() || it->second.expires_ms <= now_ms)
    return std::optional<std::string>{};
  return std::optional<std::string>{it->second.image};
}

model::outcome<std::optional<std::uint32_t>>
memory_store::find_command(const std::string& id, const std::string& key, std::int64_t now_ms) {
  std::lock_guard guard{mutex_};
  auto it = claims_.find("c/" + id + "/" + key);
  if (it == claims_.end() || it->second.expires_ms <= now_ms)
    return std::optional<std::uint32_t>{};
  return std::optional<std::uint32_t>{it->second.version};
}

model::outcome<std::size_t> memory_store::purge_expired_keys(std::int64_t now_ms, std::size_t max) {
  std::lock_guard guard{mutex_};
  std::size_t removed = 0;
  for (auto it = claims_.begin(); it != claims_.end() && removed < max;) {
    if (it->second.expires_ms <= now_ms) {
      it = claims_.erase(it);
      ++removed;
    } else {
      ++it;
    }
  }
  return removed;
}

model::outcome<std::vector<storage::image_footprint>>
memory_store::oldest_images(std::size_t limit) {
  std::lock_guard guard{mutex_};
  std::vector<storage::image_footprint> oldest;
  for (const auto& [id, image] : images_) {
    if (oldest.size() == limit)
      break;
    std::uint64_t bytes = image.original.size();
    for (const auto& [number, version] : image.version_bytes)
      bytes += version.size();
    oldest.push_back({id, image.record.created_ms, bytes});
  }
  return oldest;
}

model::status memory_store::reclaim_space() {
  std::lock_guard guard{mutex_};
  garbage_bytes_ = 0;
  ++reclaim_count_;
  return model::ok_status();
}

} // namespace test_support
