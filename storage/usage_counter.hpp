#pragma once

// Usage totals (image count, live bytes) kept as counters in the default
// family and changed with RocksDB merges inside each write batch: they stay
// exact across crashes, cost O(1) to read, and concurrent writers of
// different images never contend on a read-modify-write.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <rocksdb/merge_operator.h>

namespace storage {

/// Merge operator adding signed deltas to an unsigned 64-bit counter. Values
/// and deltas are 8 bytes little-endian; a negative delta is its two's
/// complement, so the modular sum is exact while the counter stays >= 0.
std::shared_ptr<rocksdb::MergeOperator> make_usage_counter_operator();

/// The merge operand that adds `delta`.
std::string encode_counter_delta(std::int64_t delta);

/// The counter stored in `value`; nullopt if it is not 8 bytes.
std::optional<std::uint64_t> decode_counter(std::string_view value);

} // namespace storage
