#include "storage/key_layout.hpp"

#include <cstdio>

namespace storage::keys {

namespace {

constexpr std::size_t id_length = 26;

// Ten digits hold every std::uint32_t, so string order is numeric order.
std::string padded_number(std::uint32_t number) {
  char digits[11];
  std::snprintf(digits, sizeof(digits), "%010u", number);
  return digits;
}

} // namespace

std::string image_key(std::string_view id) {
  return std::string(id);
}

std::string version_key(std::string_view id, std::uint32_t number) {
  return image_prefix(id) + padded_number(number);
}

std::string original_blob_key(std::string_view id) {
  return image_prefix(id) + "o";
}

std::string version_blob_key(std::string_view id, std::uint32_t number) {
  return image_prefix(id) + "v/" + padded_number(number);
}

std::string image_prefix(std::string_view id) {
  std::string prefix(id);
  prefix += '/';
  return prefix;
}

std::string_view id_of(std::string_view key) {
  return key.size() < id_length ? std::string_view() : key.substr(0, id_length);
}

} // namespace storage::keys
