#include "actors/imaging/operations/param_values.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "actors/imaging/operations/text_template.hpp"
#include "actors/model/image_id.hpp"
#include "actors/model/utf8.hpp"

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

bool is_listed(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::string listing(const std::vector<std::string>& items, const std::string& last_joint) {
  std::string list;
  for (std::size_t i = 0; i < items.size(); ++i)
    list += (i == 0 ? "" : i + 1 == items.size() ? last_joint : ", ") + items[i];
  return list;
}

// A number already known to be finite: checked against the range and, for
// integers and pixel sizes, integrality; `shown` is how the client wrote it.
model::outcome<argument> numeric_argument(const param_spec& param, double value,
                                          const std::string& shown) {
  bool integral = value == std::floor(value);
  if (!in_range(param, value) || (param.type != param_type::number && !integral))
    return bad_value(param, shown);
  if (param.type != param_type::number)
    return argument{value, std::to_string(static_cast<long long>(value))};
  return argument{value, number_text(value)};
}

model::outcome<argument> choice_argument(const param_spec& param, std::string_view text,
                                         const std::string& shown) {
  std::string lower = lower_case(text);
  if (!is_listed(param.choices, lower))
    return bad_value(param, shown);
  return argument{0, lower};
}

template<class Number>
bool parse_whole(std::string_view text, Number& value) {
  const char* end = text.data() + text.size();
  auto result = std::from_chars(text.data(), end, value);
  return result.ec == std::errc() && result.ptr == end;
}

model::outcome<argument> integer_argument(const param_spec& param, std::string_view text,
                                          const std::string& shown) {
  long long value = 0;
  if (!parse_whole(text, value))
    return bad_value(param, shown);
  return numeric_argument(param, static_cast<double>(value), shown);
}

model::outcome<argument> size_argument(const param_spec& param, std::string_view text,
                                       const std::string& shown) {
  if (text.empty() || text.back() != '%')
    return integer_argument(param, text, shown);
  double percent = 0;
  if (!parse_whole(text.substr(0, text.size() - 1), percent) || !std::isfinite(percent) ||
      percent < min_size_percent || percent > max_size_percent)
    return bad_value(param, shown);
  return argument{percent, number_text(percent) + "%"};
}

model::outcome<argument> color_argument(const param_spec& param, std::string_view text,
                                        const std::string& shown) {
  std::string lower = lower_case(text);
  if (!is_listed(param.choices, lower) && !hex_color(lower))
    return bad_value(param, shown);
  return argument{0, lower};
}

model::outcome<argument> text_argument(const param_spec& param, std::string_view text,
                                       const std::string& shown) {
  if (text.size() < param.min || text.size() > param.max)
    return bad_value(param, shown);
  for (std::size_t at = 0; at < text.size();) {
    auto point = model::next_code_point(text, at);
    if (!point || model::is_control(*point))
      return bad_value(param, shown);
  }
  if (auto placeholders = check_placeholders(text); !placeholders)
    return model::make_problem(model::error_code::invalid_operation,
                               param.name + ": " + placeholders.error().message);
  return argument{0, std::string(text)};
}

model::outcome<argument> image_argument(const param_spec& param, std::string_view text,
                                        const std::string& shown) {
  auto id = model::canonical_image_id(text);
  if (!model::is_valid_image_id(id))
    return bad_value(param, shown);
  return argument{0, std::move(id)};
}

bool is_integer_shape(std::string_view text) {
  if (!text.empty() && text[0] == '-')
    text.remove_prefix(1);
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

bool is_word(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
}

} // namespace

std::string expectation(const param_spec& param) {
  switch (param.type) {
  case param_type::integer:
    return "an integer from " + number_text(param.min) + " to " + number_text(param.max);
  case param_type::number:
    return "a number from " + number_text(param.min) + " to " + number_text(param.max);
  case param_type::choice:
    return "one of " + listing(param.choices, ", ");
  case param_type::size:
    return "a size in pixels from " + number_text(param.min) + " to " + number_text(param.max) +
           " or in percent from " + number_text(min_size_percent) + "% to " +
           number_text(max_size_percent) + "%";
  case param_type::color:
    return "a color name (" + listing(param.choices, ", ") + ") or " +
           listing(hex_color_forms(), " or ");
  case param_type::text:
    return "a text of " + number_text(param.min) + " to " + number_text(param.max) +
           " bytes (UTF-8, no control characters)";
  case param_type::image:
    return "an image id (26 characters of Crockford base32)";
  }
  return "a value";
}

namespace {

// The argument of a parameter whose values are texts in both forms.
model::outcome<argument> text_kind_argument(const param_spec& param, std::string_view text,
                                            const std::string& shown) {
  switch (param.type) {
  case param_type::size:
    return size_argument(param, text, shown);
  case param_type::color:
    return color_argument(param, text, shown);
  case param_type::text:
    return text_argument(param, text, shown);
  case param_type::image:
    return image_argument(param, text, shown);
  default:
    return choice_argument(param, text, shown);
  }
}

} // namespace

model::outcome<argument> argument_from_text(const param_spec& param, std::string_view text) {
  std::string shown = quote_for_message(text);
  if (param.type == param_type::integer)
    return integer_argument(param, text, shown);
  if (param.type != param_type::number)
    return text_kind_argument(param, text, shown);
  double value = 0;
  if (!parse_whole(text, value) || !std::isfinite(value))
    return bad_value(param, shown);
  return numeric_argument(param, value, shown);
}

model::outcome<argument> argument_from_json(const param_spec& param, const nlohmann::json& value) {
  std::string dumped = value.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
  std::string shown =
      dumped.size() > max_shown_bytes ? dumped.substr(0, max_shown_bytes) + "..." : dumped;
  bool numeric = param.type == param_type::integer || param.type == param_type::number;
  if (value.is_string() && !numeric) {
    return text_kind_argument(param, value.get_ref<const std::string&>(), shown);
  }
  bool takes_numbers = numeric || param.type == param_type::size;
  if (!takes_numbers || !value.is_number() || !std::isfinite(value.get<double>()))
    return bad_value(param, shown);
  return numeric_argument(param, value.get<double>(), shown);
}

nlohmann::json argument_to_json(const param_spec& param, const argument& arg) {
  switch (param.type) {
  case param_type::integer:
    return static_cast<long long>(arg.number);
  case param_type::number:
    return arg.number;
  case param_type::size:
    return is_percent(arg) ? nlohmann::json(arg.text)
                           : nlohmann::json(static_cast<long long>(arg.number));
  default:
    return arg.text;
  }
}

bool has_shape_of(const param_spec& param, std::string_view text) {
  switch (param.type) {
  case param_type::integer:
    return is_integer_shape(text);
  case param_type::number:
  case param_type::size:
    return !text.empty() && std::string_view("+-.0123456789").find(text[0]) != std::string::npos;
  case param_type::choice:
    return is_listed(param.choices, lower_case(text));
  case param_type::color:
    return (!text.empty() && text[0] == '#') || is_word(text);
  case param_type::text:
    return true;
  case param_type::image:
    return model::is_valid_image_id(model::canonical_image_id(text));
  }
  return false;
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
