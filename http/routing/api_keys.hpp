#pragma once

// API keys: who may call the API, under which name and with which scope.
// Keys are configured as entries "NAME SCOPE SHA256HEX", in the config file
// (api.keys) and in a key file (api.keys-file, one entry per line, '#'
// comments). The node only ever holds the SHA-256 digests of the keys, so a
// leaked config file does not leak a key.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace http_api {

/// What a key may do. device: upload, command and read; admin: also delete
/// images and see the cluster.
enum class key_scope : std::uint8_t { device, admin };

/// "device" or "admin".
const char* to_string(key_scope scope) noexcept;

/// Longest key name; names are 1 to max_key_name_bytes of [A-Za-z0-9._-].
constexpr std::size_t max_key_name_bytes = 64;

struct api_key {
  std::string name;
  key_scope scope = key_scope::device;
  std::string sha256; // lowercase hex digest of the key
};

/// The keys read from the configuration, or every problem found, one line
/// each, naming the entry ("api.keys[2]" or "<file> line 7") and what is
/// wrong with it.
struct key_config {
  std::vector<api_key> keys;
  std::vector<std::string> problems;
};

/// Reads the entries of api.keys and, when `keys_file` is not empty, the
/// lines of that file. Problems: an unreadable file, an entry that is not
/// three fields, a name outside [A-Za-z0-9._-]{1,64}, a scope other than
/// device or admin, a digest that is not 64 hex digits, a name or a digest
/// configured twice. Upper-case hex digits are accepted and stored lower
/// case.
key_config read_key_config(const std::vector<std::string>& entries, const std::string& keys_file);

/// The configured keys, looked up by the key a client presents.
/// Thread-safe once constructed (lookups only read).
class key_ring {
public:
  explicit key_ring(std::vector<api_key> keys);

  /// True when no key is configured: the API is then open.
  bool empty() const noexcept {
    return keys_.empty();
  }

  /// The key whose digest is the SHA-256 of `presented`, or nullopt. The
  /// time taken does not depend on which key matches, or how much of a
  /// digest does: the presented key is hashed once, then compared with every
  /// configured digest in constant time, without stopping at a match.
  std::optional<api_key> find(std::string_view presented) const;

private:
  std::vector<api_key> keys_;
};

} // namespace http_api
