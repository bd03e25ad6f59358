#pragma once

#include <string>
#include <string_view>

namespace model {

/// Lowercase hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

/// Lowercase hex HMAC-SHA256 (RFC 2104) of `bytes` with `key`.
std::string hmac_sha256_hex(std::string_view key, std::string_view bytes);

} // namespace model
