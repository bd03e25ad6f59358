// What a store that does not override the optional methods answers.

#include "storage/image_store.hpp"

#include "storage/storage_errors.hpp"

namespace storage {

namespace {

model::problem unsupported(const std::string& what) {
  return contract_violation("this store does not support " + what);
}

} // namespace

model::status image_store::create_image(const model::image_record&, std::string_view,
                                        const idempotency_claim&) {
  return unsupported("idempotency keys");
}

model::status image_store::put_version(const std::string&, const model::version_record&,
                                       const idempotency_claim&) {
  return unsupported("idempotency keys");
}

model::outcome<std::optional<std::string>> image_store::find_upload(const std::string&,
                                                                    std::int64_t) {
  return unsupported("idempotency keys");
}

model::outcome<std::optional<std::uint32_t>>
image_store::find_command(const std::string&, const std::string&, std::int64_t) {
  return unsupported("idempotency keys");
}

model::outcome<std::size_t> image_store::purge_expired_keys(std::int64_t, std::size_t) {
  return unsupported("idempotency keys");
}

model::outcome<std::vector<image_footprint>> image_store::oldest_images(std::size_t) {
  return unsupported("retention");
}

model::status image_store::reclaim_space() {
  return unsupported("retention");
}

} // namespace storage
