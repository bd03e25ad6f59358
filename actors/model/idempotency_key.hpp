#pragma once

// What an Idempotency-Key is: 1 to 128 visible ASCII characters. The HTTP
// layer checks the header with it, storage the keys it is asked to claim.

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace model {

constexpr std::size_t max_idempotency_key_bytes = 128;

constexpr bool is_valid_idempotency_key(std::string_view key) noexcept {
  return !key.empty() && key.size() <= max_idempotency_key_bytes &&
         std::all_of(key.begin(), key.end(), [](char c) { return c > ' ' && c < 0x7F; });
}

} // namespace model
