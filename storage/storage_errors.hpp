#pragma once

// How storage failures become model::problem. Messages are shown to clients,
// so a failed RocksDB call is described by its kind only: RocksDB's own text
// can contain file paths.

#include <cstdint>
#include <string>
#include <string_view>

#include <rocksdb/status.h>

#include "actors/model/problem.hpp"
#include "storage/image_store.hpp"

namespace storage {

/// unavailable: "storage could not <action>: <kind of failure>".
model::problem storage_failure(std::string_view action, const rocksdb::Status& status);

/// invalid_id unless `id` is a well-formed image id.
model::status check_image_id(std::string_view id);

/// invalid_id unless `number` names a version (numbers start at 1).
model::status check_version_number(std::uint32_t number);

/// invalid_request unless `key` is 1 to 128 visible ASCII characters: the
/// form of an Idempotency-Key.
model::status check_idempotency_key(std::string_view key);

/// check_idempotency_key() of the claim's key, then internal_error unless
/// 0 <= now_ms < expires_ms.
model::status check_claim(const idempotency_claim& claim);

model::problem no_image(std::string_view id);

/// internal_error for a caller breaking the store's contract (a bug in the
/// caller, not bad client input).
model::problem contract_violation(std::string message);

} // namespace storage
