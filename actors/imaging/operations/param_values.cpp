#include "actors/imaging/operations/param_values.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

namespace imaging::operations {

namespace {

constexpr std::size_t max_shown_bytes = 40;

model::problem bad_value(const param_spec& param, const std::string& shown) {
  return model::make_problem(model::error_code::invalid_operation,
                             param.name + " must be " + expectation(param) + ", got " + shown);
}

std::string lower_case(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return lower;
}

bool in_range(const param_spec& param, double value) {
  return value >= param.min && value <= param.max;
}

// A number already known to be finite: checked against the range and, for
// integers, integrality; `shown` is how the client wrote it.
model::outcome<argument> numeric_argument(const param_spec& param, double value,
                                          const std::string& shown) {
  bool integral = value == std::floor(value);
  if (!in_range(param, value) || (param.type == param_type::integer && !integral))
    return bad_value(param, shown);
  if (param.type == param_type::integer)
    return argument{value, std::to_string(static_cast<long long>(value))};
  return argument{value, number_text(value)};
}

model::outcome<argument> choice_argument(const param_spec& param, std::string_view text,
                                         const std::string& shown) {
  std::string lower = lower_case(text);
  if (std::find(param.choices.begin(), param.choices.end(), lower) == param.choices.end())
    return bad_value(param, shown);
  return argument{0, lower};
}

template<class Number>
bool parse_whole(std::string_view text, Number& value) {
  const char* end = text.data() + text.size();
  auto result = std::from_chars(text.data(), end, value);
  return result.ec == std::errc() && result.ptr == end;
}

} // namespace

std::string expectation(const param_spec& param) {
  switch (param.type) {
  case param_type::integer:
    return "an integer from " + number_text(param.min) + " to " + number_text(param.max);
  case param_type::number:
    return "a number from " + number_text(param.min) + " to " + number_text(param.max);
  case param_type::choice: {
    std::string list;
    for (const auto& choice : param.choices)
      list += (list.empty() ? "" : ", ") + choice;
    return "one of " + list;
  }
  }
  return "a value";
}

model::outcome<argument> argument_from_text(const param_spec& param, std::string_view text) {
  std::string shown = quote_for_message(text);
  if (param.type == param_type::choice)
    return choice_argument(param, text, shown);
  if (param.type == param_type::integer) {
    long long value = 0;
    if (!parse_whole(text, value))
      return bad_value(param, shown);
    return numeric_argument(param, static_cast<double>(value), shown);
  }
  double value = 0;
  if (!parse_whole(text, value) || !std::isfinite(value))
    return bad_value(param, shown);
  return numeric_argument(param, value, shown);
}

model::outcome<argument> argument_from_json(const param_spec& param, const nlohmann::json& value) {
  std::string dumped = value.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
  std::string shown =
      dumped.size() > max_shown_bytes ? dumped.substr(0, max_shown_bytes) + "..." : dumped;
  if (param.type == param_type::choice) {
    if (!value.is_string())
      return bad_value(param, shown);
    return choice_argument(param, value.get_ref<const std::string&>(), shown);
  }
  if (!value.is_number() || !std::isfinite(value.get<double>()))
    return bad_value(param, shown);
  return numeric_argument(param, value.get<double>(), shown);
}

std::string number_text(double value) {
  if (value == 0)
    value = 0; // no "-0"
  char buffer[32];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string quote_for_message(std::string_view text) {
  const char* digits = "0123456789abcdef";
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size() && i < max_shown_bytes; ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '"' || byte == '\\')
      out += {'\\', static_cast<char>(byte)};
    else if (byte >= 0x20 && byte < 0x7F)
      out += static_cast<char>(byte);
    else
      out += {'\\', 'x', digits[byte >> 4], digits[byte & 0xF]};
  }
  if (text.size() > max_shown_bytes)
    out += "...";
  return out + "\"";
}

} // namespace imaging::operations
