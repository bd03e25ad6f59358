#include "storage/key_layout.hpp"

#include <charconv>
#include <cstdio>

#include "actors/model/digest.hpp"

namespace storage::keys {

namespace {

constexpr std::size_t id_length = 26;

// Widths that hold every value of the type, so that string order is numeric
// order: std::uint32_t has 10 decimal digits, a non-negative std::int64_t 19.
constexpr int version_digits = 10;
constexpr int expiry_digits = 19;

constexpr std::string_view upload_claim_prefix = "u/";
constexpr std::string_view command_claim_prefix = "c/";
constexpr std::string_view image_upload_prefix = "i/";

// Ends every index prefix (see key_layout.hpp).
constexpr char index_separator = '\x1f';

std::string padded_number(std::uint64_t number, int digits) {
  char text[24];
  std::snprintf(text, sizeof(text), "%0*llu", digits, static_cast<unsigned long long>(number));
  return text;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

} // namespace

std::string image_key(std::string_view id) {
  return std::string(id);
}

std::string version_key(std::string_view id, std::uint32_t number) {
  return image_prefix(id) + padded_number(number, version_digits);
}

std::optional<version_address> parse_version_key(std::string_view key) {
  if (key.size() != id_length + 1 + version_digits || key[id_length] != '/')
    return std::nullopt;
  auto digits = key.substr(id_length + 1);
  std::uint32_t number = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (error != std::errc() || end != digits.data() + digits.size())
    return std::nullopt;
  return version_address{key.substr(0, id_length), number};
}

std::string reuse_key(std::string_view source_sha256, const std::vector<model::op_call>& ops) {
  return "reuse/" + std::string(source_sha256) + "/" + operations_digest(ops);
}

std::string operations_digest(const std::vector<model::op_call>& ops) {
  // Unit and record separators cannot occur in names or canonical
  // arguments, so that different lists never hash the same text.
  std::string text;
  for (const auto& op : ops) {
    text += op.name;
    for (const auto& arg : op.args)
      text.append("\x1f").append(arg);
    text += '\x1e';
  }
  return model::sha256_hex(text);
}

std::string blob_record_key(std::string_view sha256) {
  return std::string(blob_record_prefix) + std::string(sha256);
}

std::string original_blob_key(std::string_view id) {
  return image_prefix(id) + "o";
}

std::string version_blob_key(std::string_view id, std::uint32_t number) {
  return image_prefix(id) + "v/" + padded_number(number, version_digits);
}

std::string image_prefix(std::string_view id) {
  std::string prefix(id);
  prefix += '/';
  return prefix;
}

std::string_view id_of(std::string_view key) {
  return key.size() < id_length ? std::string_view() : key.substr(0, id_length);
}

std::string upload_claim_key(std::string_view key) {
  return std::string(upload_claim_prefix).append(key);
}

std::string command_claim_key(std::string_view id, std::string_view key) {
  return command_claims_prefix(id).append(key);
}

std::string command_claims_prefix(std::string_view id) {
  return std::string(command_claim_prefix) + image_prefix(id);
}

std::string_view image_of_command_claim(std::string_view claim_key) {
  if (!starts_with(claim_key, command_claim_prefix))
    return {};
  return id_of(claim_key.substr(command_claim_prefix.size()));
}

std::string image_upload_key(std::string_view id) {
  return std::string(image_upload_prefix).append(id);
}

std::string expiry_key(std::int64_t expires_ms, std::string_view claim_key) {
  return std::string(expiry_prefix) + padded_number(expires_ms, expiry_digits) + "/" +
         std::string(claim_key);
}

std::optional<expiry_entry> parse_expiry_key(std::string_view key) {
  constexpr auto claim_start = expiry_prefix.size() + expiry_digits + 1;
  if (key.size() <= claim_start || !starts_with(key, expiry_prefix) || key[claim_start - 1] != '/')
    return std::nullopt;
  auto digits = key.substr(expiry_prefix.size(), expiry_digits);
  expiry_entry entry;
  auto [end, error] =
      std::from_chars(digits.data(), digits.data() + digits.size(), entry.expires_ms);
  if (error != std::errc() || end != digits.data() + digits.size())
    return std::nullopt;
  entry.claim_key = key.substr(claim_start);
  return entry;
}

std::string label_index_prefix(std::string_view key, std::string_view value) {
  return "l/" + std::string(key) + ":" + std::string(value) + index_separator;
}

std::string uploader_index_prefix(std::string_view name) {
  return "u/" + std::string(name) + index_separator;
}

std::string profile_index_prefix(std::string_view name) {
  return "p/" + std::string(name) + index_separator;
}

std::vector<std::string> index_prefixes(const model::label_set& labels,
                                        std::string_view uploaded_by, std::string_view profile) {
  std::vector<std::string> prefixes;
  for (const auto& [key, value] : labels)
    prefixes.push_back(label_index_prefix(key, value));
  if (!uploaded_by.empty())
    prefixes.push_back(uploader_index_prefix(uploaded_by));
  if (!profile.empty())
    prefixes.push_back(profile_index_prefix(profile));
  return prefixes;
}

std::string outcome_index_prefix(model::image_outcome outcome) {
  return std::string("s/") + model::to_string(outcome) + index_separator;
}

std::string focus_index_prefix() {
  return std::string("f/") + index_separator;
}

std::string focus_entry(const focus_measure& measure) {
  char focus[32];
  std::snprintf(focus, sizeof focus, "%.17g", measure.focus);
  return std::to_string(measure.version) + "/" + focus;
}

std::optional<focus_measure> parse_focus_entry(std::string_view value) {
  auto slash = value.find('/');
  if (slash == std::string_view::npos)
    return std::nullopt;
  focus_measure measure;
  auto version = std::from_chars(value.data(), value.data() + slash, measure.version);
  if (version.ec != std::errc() || version.ptr != value.data() + slash)
    return std::nullopt;
  auto focus =
      std::from_chars(value.data() + slash + 1, value.data() + value.size(), measure.focus);
  if (focus.ec != std::errc() || focus.ptr != value.data() + value.size())
    return std::nullopt;
  return measure;
}

std::string newest_version_key(std::string_view id) {
  return "n/" + std::string(id);
}

std::string_view indexed_id(std::string_view entry, std::string_view prefix) {
  if (entry.size() != prefix.size() + id_length || !starts_with(entry, prefix))
    return {};
  return entry.substr(prefix.size());
}

std::string event_key(std::string_view event_id) {
  return std::string(event_prefix) + std::string(event_id);
}

std::string webhook_key(std::string_view webhook_id) {
  return std::string(webhook_prefix) + std::string(webhook_id);
}

std::string delivery_key(std::string_view webhook_id) {
  return "d/" + std::string(webhook_id);
}

} // namespace storage::keys
