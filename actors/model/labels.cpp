#include "actors/model/labels.hpp"

#include "actors/model/utf8.hpp"

namespace model {

namespace {

problem bad_label(std::string message) {
  return make_problem(error_code::invalid_request, "label " + std::move(message));
}

bool is_key_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

} // namespace

bool is_label_key(std::string_view key) {
  if (key.empty() || key.size() > max_label_key_bytes)
    return false;
  for (char c : key)
    if (!is_key_character(c))
      return false;
  return true;
}

status add_label(label_set& labels, std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos)
    return bad_label("without a colon: labels are key:value");
  auto key = text.substr(0, colon);
  auto value = text.substr(colon + 1);
  if (key.empty() || key.size() > max_label_key_bytes)
    return bad_label("keys are 1 to " + std::to_string(max_label_key_bytes) + " characters");
  if (!is_label_key(key))
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
