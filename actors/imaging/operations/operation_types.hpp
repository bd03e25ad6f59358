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
#include "actors/model/problem.hpp"

namespace imaging::operations {

/// One validated argument: `number` for integer and number parameters,
/// `text` the canonical text of every parameter ("320", "1.5", "png").
struct argument {
  double number = 0;
  std::string text;
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

inline param_spec integer_param(std::string name, double min, double max, std::string description) {
  return {std::move(name), param_type::integer, min, max, {}, std::move(description)};
}

inline param_spec number_param(std::string name, double min, double max, std::string description) {
  return {std::move(name), param_type::number, min, max, {}, std::move(description)};
}

inline param_spec choice_param(std::string name, std::vector<std::string> choices,
                               std::string description) {
  return {std::move(name), param_type::choice, 0, 0, std::move(choices), std::move(description)};
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
