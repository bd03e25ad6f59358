#include "actors/model/labels.hpp"

#include <cstdint>
#include <optional>

namespace model {

namespace {

problem bad_label(std::string message) {
  return make_problem(error_code::invalid_request, "label " + std::move(message));
}

bool is_key_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

// The code point starting at text[at] (advancing `at`), nullopt for bytes
// that are not well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF).
std::optional<std::uint32_t> next_code_point(std::string_view text, std::size_t& at) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(at);
  std::size_t length = lead < 0x80                    ? 1
                       : lead >= 0xC2 && lead <= 0xDF ? 2
                       : lead >= 0xE0 && lead <= 0xEF ? 3
                       : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                      : 0;
  if (length == 0 || at + length > text.size())
    return std::nullopt;
  std::uint32_t point = length == 1 ? lead : lead & (0x7F >> length);
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80)
      return std::nullopt;
    point = (point << 6) | (byte(at + i) & 0x3F);
  }
  static constexpr std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (point < smallest[length] || point > 0x10FFFF || (point >= 0xD800 && point <= 0xDFFF))
    return std::nullopt;
  at += length;
  return point;
}

bool is_control(std::uint32_t point) {
  return point < 0x20 || (point >= 0x7F && point <= 0x9F);
}

} // namespace

status add_label(label_set& labels, std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos)
    return bad_label("without a colon: labels are key:value");
  auto key = text.substr(0, colon);
  auto value = text.substr(colon + 1);
  if (key.empty() || key.size() > max_label_key_bytes)
    return bad_label("keys are 1 to " + std::to_string(max_label_key_bytes) + " characters");
  for (char c : key)
    if (!is_key_character(c))
      return bad_label("keys may hold only a-z, 0-9, '_', '.' and '-'");
  std::size_t characters = 0;
  for (std::size_t at = 0; at < value.size(); ++characters) {
    auto point = next_code_point(value, at);
    if (!point)
      return bad_label(std::string(key) + ": the value is not UTF-8");
    if (is_control(*point))
      return bad_label(std::string(key) + ": the value holds a control character");
  }
  if (characters == 0 || characters > max_label_value_characters)
    return bad_label(std::string(key) + ": values are 1 to " +
                     std::to_string(max_label_value_characters) + " characters");
  if (labels.count(std::string(key)) != 0)
    return bad_label(std::string(key) + " is given twice");
  if (labels.size() == max_labels)
    return bad_label("limit: at most " + std::to_string(max_labels) + " labels");
  labels.emplace(key, value);
  return ok_status();
}

} // namespace model
