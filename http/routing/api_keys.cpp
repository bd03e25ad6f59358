#include "http/routing/api_keys.hpp"

#include <algorithm>
#include <fstream>
#include <map>

#include <openssl/crypto.h>

#include "actors/model/digest.hpp"
#include "http/ascii.hpp"

namespace http_api {

namespace {

constexpr std::size_t sha256_hex_digits = 64;

bool is_name_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

bool is_blank(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r';
}

std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    if (is_blank(line[i])) {
      ++i;
      continue;
    }
    std::size_t start = i;
    while (i < line.size() && !is_blank(line[i]))
      ++i;
    fields.push_back(line.substr(start, i - start));
  }
  return fields;
}

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

// One entry, or the reason it is wrong (without saying where it is).
std::optional<std::string> parse_entry(std::string_view entry, api_key& key) {
  auto fields = fields_of(entry);
  if (fields.size() != 3)
    return "expected \"NAME SCOPE SHA256HEX\" (3 fields), got " + std::to_string(fields.size()) +
           " fields";
  auto name = fields[0];
  if (name.size() > max_key_name_bytes ||
      !std::all_of(name.begin(), name.end(), [](char c) { return is_name_char(c); }))
    return "the name " + quoted(name) + " must be 1 to " + std::to_string(max_key_name_bytes) +
           " of the characters A-Z a-z 0-9 . _ -";
  if (fields[1] == "device")
    key.scope = key_scope::device;
  else if (fields[1] == "admin")
    key.scope = key_scope::admin;
  else
    return "the scope must be device or admin, got " + quoted(fields[1]);
  auto digest = fields[2];
  if (digest.size() != sha256_hex_digits ||
      !std::all_of(digest.begin(), digest.end(), [](char c) { return hex_digit(c) >= 0; }))
    return "the digest must be " + std::to_string(sha256_hex_digits) +
           " hex digits (the SHA-256 of the key, see docker/new-api-key.sh), got " + quoted(digest);
  key.name = std::string(name);
  key.sha256.clear();
  for (char c : digest)
    key.sha256.push_back(lower_ascii(c));
  return std::nullopt;
}

class key_collector {
public:
  void add(std::string_view entry, const std::string& where) {
    api_key key;
    if (auto wrong = parse_entry(entry, key)) {
      config_.problems.push_back(where + ": " + *wrong);
      return;
    }
    if (auto first = names_.find(key.name); first != names_.end())
      config_.problems.push_back(where + ": the name " + quoted(key.name) + " is already used by " +
                                 first->second);
    else if (auto same = digests_.find(key.sha256); same != digests_.end())
      config_.problems.push_back(where + ": the same key is already configured by " + same->second +
                                 ": each key needs its own name");
    else {
      names_.emplace(key.name, where);
      digests_.emplace(key.sha256, where);
      config_.keys.push_back(std::move(key));
    }
  }

  void add_file(const std::string& path) {
    std::ifstream file(path);
    if (!file) {
      config_.problems.push_back("cannot read api.keys-file " + path);
      return;
    }
    std::string line;
    for (std::size_t number = 1; std::getline(file, line); ++number) {
      std::string_view content(line);
      content = content.substr(0, content.find('#'));
      if (!fields_of(content).empty())
        add(content, "api.keys-file " + path + " line " + std::to_string(number));
    }
    if (file.bad())
      config_.problems.push_back("cannot read api.keys-file " + path);
  }

  key_config take() {
    return std::move(config_);
  }

private:
  key_config config_;
  std::map<std::string, std::string> names_;   // name -> where it was configured
  std::map<std::string, std::string> digests_; // digest -> where it was configured
};

} // namespace

const char* to_string(key_scope scope) noexcept {
  return scope == key_scope::admin ? "admin" : "device";
}

key_config read_key_config(const std::vector<std::string>& entries, const std::string& keys_file) {
  key_collector collector;
  for (std::size_t i = 0; i < entries.size(); ++i)
    collector.add(entries[i], "api.keys[" + std::to_string(i) + "]");
  if (!keys_file.empty())
    collector.add_file(keys_file);
  return collector.take();
}

key_ring::key_ring(std::vector<api_key> keys) : keys_(std::move(keys)) {}

std::optional<api_key> key_ring::find(std::string_view presented) const {
  const std::string digest = model::sha256_hex(presented);
  const api_key* match = nullptr;
  for (const auto& key : keys_) {
    // Every digest is compared in full; only the branch-free selection below
    // depends on the result.
    bool equal = CRYPTO_memcmp(digest.data(), key.sha256.data(), sha256_hex_digits) == 0;
    match = equal ? &key : match;
  }
  if (!match)
    return std::nullopt;
  return *match;
}

} // namespace http_api
