#pragma once

// The parts of an operation that the catalog, the parsers and the decode
// hint need: arguments, the geometry an operation produces, and helpers to
// declare parameters. Free of GraphicsMagick.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "actors/imaging/operation_catalog.hpp"
#include "actors/imaging/operations/colors.hpp"
#include "actors/model/problem.hpp"

namespace imaging::operations {

/// One validated argument: `number` for integer, number and size
/// parameters (pixels, or percent when `text` ends with '%'), `text` the
/// canonical text of every parameter ("320", "1.5", "png", "50%").
/// `present` is false for an optional parameter without default that was
/// not given; then `text` is empty.
struct argument {
  double number = 0;
  std::string text;
  bool present = true;
};
using arguments = std::vector<argument>;

/// What is known of an image between two operations.
struct geometry {
  std::uint64_t width = 0;
  std::uint64_t height = 0;
  std::uint16_t orientation = 1; // EXIF 1-8

  friend bool operator==(const geometry& a, const geometry& b) {
    return a.width == b.width && a.height == b.height && a.orientation == b.orientation;
  }
};

/// How an operation relates to JPEG shrink-on-load (see decode_hint.hpp).
enum class shrink_role {
  transparent, // does not need full resolution: the shrink may move before it
  fit,         // shrinks into a box: the decoder may deliver a smaller image
  barrier,     // needs the pixels at full resolution
};

/// Largest width or height an operation may ask for.
constexpr double max_requested_dimension = 16384;
/// Largest x or y offset an operation may ask for.
constexpr double max_requested_offset = 65535;
/// Longest text parameter, in UTF-8 bytes.
constexpr double max_text_bytes = 200;

/// A required parameter.
inline param_spec declare_param(std::string name, param_type type, double min, double max,
                                std::vector<std::string> choices, std::string description) {
  param_spec param;
  param.name = std::move(name);
  param.type = type;
  param.min = min;
  param.max = max;
  param.choices = std::move(choices);
  param.description = std::move(description);
  return param;
}

inline param_spec integer_param(std::string name, double min, double max, std::string description) {
  return declare_param(std::move(name), param_type::integer, min, max, {}, std::move(description));
}

inline param_spec number_param(std::string name, double min, double max, std::string description) {
  return declare_param(std::move(name), param_type::number, min, max, {}, std::move(description));
}

inline param_spec choice_param(std::string name, std::vector<std::string> choices,
                               std::string description) {
  return declare_param(std::move(name), param_type::choice, 0, 0, std::move(choices),
                       std::move(description));
}

/// Pixels ("800") or a percentage of the input's side ("50%").
inline param_spec size_param(std::string name, std::string description) {
  return declare_param(std::move(name), param_type::size, 1, max_requested_dimension, {},
                       std::move(description));
}

/// A name of color_names() or a hexadecimal color (colors.hpp).
inline param_spec color_param(std::string name, std::string description) {
  return declare_param(std::move(name), param_type::color, 0, 0, color_names(),
                       std::move(description));
}

/// UTF-8 without control characters, with placeholders (text_template.hpp).
inline param_spec text_param(std::string name, std::string description) {
  return declare_param(std::move(name), param_type::text, 1, max_text_bytes, {},
                       std::move(description));
}

/// The id of a stored image (model/image_id.hpp), in either case; its
/// canonical text is upper case.
inline param_spec image_param(std::string name, std::string description) {
  return declare_param(std::move(name), param_type::image, 0, 0, {}, std::move(description));
}

/// `param`, which may be left out; the operation sees it not present.
inline param_spec optional(param_spec param) {
  param.optional = true;
  return param;
}

/// `param`, which may be left out and then is `value` (canonical text).
inline param_spec with_default(param_spec param, std::string value) {
  param.optional = true;
  param.default_value = std::move(value);
  return param;
}

/// Whether a size argument is a percentage.
inline bool is_percent(const argument& size) {
  return !size.text.empty() && size.text.back() == '%';
}

/// The pixels a size argument stands for along a side of `side` pixels:
/// percentages of it rounded to the nearest pixel, at least 1.
inline std::uint64_t pixels_of(const argument& size, std::uint64_t side) {
  if (!is_percent(size))
    return static_cast<std::uint64_t>(size.number);
  double pixels = std::round(static_cast<double>(side) * size.number / 100);
  return static_cast<std::uint64_t>(std::max(pixels, 1.0));
}

/// The parameters of a box to fit into (resize, thumbnail).
inline std::vector<param_spec> fit_box_params() {
  return {integer_param("width", 1, max_requested_dimension, "Box width in pixels."),
          integer_param("height", 1, max_requested_dimension, "Box height in pixels.")};
}

/// The size of `input` scaled, aspect kept, to fit inside `width` x
/// `height`, touching at least one side (so it may enlarge). Rounded to the
/// nearest pixel, at least 1.
inline geometry fit_inside(const geometry& input, double width, double height) {
  double scale = std::min(width / static_cast<double>(input.width),
                          height / static_cast<double>(input.height));
  auto scaled = [scale](std::uint64_t side, double bound) {
    double value = std::round(static_cast<double>(side) * scale);
    return static_cast<std::uint64_t>(std::clamp(value, 1.0, bound));
  };
  geometry output = input;
  output.width = scaled(input.width, width);
  output.height = scaled(input.height, height);
  return output;
}

} // namespace imaging::operations
