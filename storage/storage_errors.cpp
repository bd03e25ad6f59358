#include "storage/storage_errors.hpp"

#include "actors/model/idempotency_key.hpp"

#include <algorithm>

#include "actors/model/image_id.hpp"

namespace storage {

namespace {

std::string failure_kind(const rocksdb::Status& status) {
  if (status.IsNoSpace())
    return "disk full";
  if (status.IsCorruption())
    return "data corruption detected";
  if (status.IsIOError())
    return "I/O error";
  if (status.IsBusy() || status.IsTimedOut() || status.IsTryAgain())
    return "busy";
  if (status.IsShutdownInProgress())
    return "shutting down";
  return "RocksDB status code " + std::to_string(static_cast<int>(status.code()));
}

} // namespace

model::problem storage_failure(std::string_view action, const rocksdb::Status& status) {
  auto code =
      status.IsNoSpace() ? model::error_code::insufficient_storage : model::error_code::unavailable;
  return model::make_problem(code, "storage could not " + std::string(action) + ": " +
                                       failure_kind(status));
}

model::status check_image_id(std::string_view id) {
  if (model::is_valid_image_id(id))
    return model::ok_status();
  return model::make_problem(model::error_code::invalid_id, "malformed image id");
}

model::status check_version_number(std::uint32_t number) {
  if (number >= 1)
    return model::ok_status();
  return model::make_problem(model::error_code::invalid_id, "version numbers start at 1");
}

model::status check_idempotency_key(std::string_view key) {
  if (model::is_valid_idempotency_key(key))
    return model::ok_status();
  return model::make_problem(model::error_code::invalid_request,
                             "an idempotency key must be 1 to " +
                                 std::to_string(model::max_idempotency_key_bytes) +
                                 " visible ASCII characters");
}

model::status check_claim(const idempotency_claim& claim) {
  if (auto valid = check_idempotency_key(claim.key); !valid)
    return valid;
  if (claim.now_ms >= 0 && claim.now_ms < claim.expires_ms)
    return model::ok_status();
  return contract_violation("an idempotency claim made at " + std::to_string(claim.now_ms) +
                            " must expire later, not at " + std::to_string(claim.expires_ms));
}

model::problem no_image(std::string_view id) {
  return model::make_problem(model::error_code::not_found, "no image " + std::string(id));
}

model::problem contract_violation(std::string message) {
  return model::make_problem(model::error_code::internal_error, std::move(message));
}

} // namespace storage
