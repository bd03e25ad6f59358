#include "actors/imaging/operations/colors.hpp"

namespace imaging::operations {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

} // namespace

const std::vector<std::string>& color_names() {
  static const std::vector<std::string> names{
      "black", "white", "gray", "silver", "red",  "maroon", "orange",  "yellow", "olive",
      "lime",  "green", "aqua", "teal",   "blue", "navy",   "fuchsia", "purple", "transparent"};
  return names;
}

const std::vector<std::string>& hex_color_forms() {
  static const std::vector<std::string> forms{"#rgb", "#rrggbb", "#rrggbbaa"};
  return forms;
}

std::optional<rgba> hex_color(std::string_view text) {
  if (text.empty() || text[0] != '#')
    return std::nullopt;
  std::size_t digits = text.size() - 1;
  if (digits != 3 && digits != 6 && digits != 8)
    return std::nullopt;
  std::uint8_t channels[4] = {0, 0, 0, 255};
  std::size_t per_channel = digits == 3 ? 1 : 2;
  for (std::size_t channel = 0; channel * per_channel < digits; ++channel) {
    int value = 0;
    for (std::size_t i = 0; i < per_channel; ++i) {
      int digit = hex_digit(text[1 + channel * per_channel + i]);
      if (digit < 0)
        return std::nullopt;
      value = value * 16 + digit;
    }
    channels[channel] = static_cast<std::uint8_t>(per_channel == 1 ? value * 17 : value);
  }
  return rgba{channels[0], channels[1], channels[2], channels[3]};
}

} // namespace imaging::operations
