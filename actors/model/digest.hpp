#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace model {

/// `size` bytes as lowercase hex.
std::string to_hex(const unsigned char* bytes, std::size_t size);

/// `size` bytes from the system's cryptographic random generator, as
/// lowercase hex. Throws std::runtime_error when the generator fails.
std::string random_hex(std::size_t size);

/// Lowercase hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

/// Lowercase hex HMAC-SHA256 (RFC 2104) of `bytes` with `key`.
std::string hmac_sha256_hex(std::string_view key, std::string_view bytes);

} // namespace model
