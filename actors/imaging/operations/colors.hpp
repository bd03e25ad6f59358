#pragma once

// The colors operations accept: a fixed list of names, and hexadecimal
// #rgb, #rrggbb and #rrggbbaa. The names are a subset of GraphicsMagick's
// (the CSS basic colors plus orange and transparent), so that what the
// catalog lists does not depend on the library's color database.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imaging::operations {

/// The accepted names, lower case.
const std::vector<std::string>& color_names();

/// The accepted hexadecimal forms, as the catalog shows them.
const std::vector<std::string>& hex_color_forms();

/// Red, green, blue and alpha from 0 to 255; alpha 255 is opaque.
struct rgba {
  std::uint8_t red = 0;
  std::uint8_t green = 0;
  std::uint8_t blue = 0;
  std::uint8_t alpha = 255;
};

/// The color of `text` in one of the hexadecimal forms (either case), or
/// nullopt. Like CSS, the last pair of #rrggbbaa is alpha (ff opaque), not
/// GraphicsMagick's opacity (ff transparent).
std::optional<rgba> hex_color(std::string_view text);

} // namespace imaging::operations
