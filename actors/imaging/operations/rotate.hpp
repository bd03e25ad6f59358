#pragma once

#include <cmath>

#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

/// Rotates clockwise; other angles than quarter turns enlarge the canvas to
/// the bounding box and fill the corners with the background colour.
struct rotate {
  static operation_spec spec() {
    return {"rotate",
            "Rotate clockwise by degrees; the canvas grows to hold the rotated image.",
            {number_param("degrees", -360, 360, "Angle in degrees, clockwise.")}};
  }

  static constexpr shrink_role role = shrink_role::barrier;

  static model::outcome<geometry> output(const geometry& input, const arguments& args) {
    double quarter_turns = args[0].number / 90;
    geometry rotated = input;
    if (quarter_turns == std::floor(quarter_turns)) {
      if (static_cast<long>(quarter_turns) % 2 != 0)
        std::swap(rotated.width, rotated.height);
      return rotated;
    }
    // Bounding box of the rotated rectangle, plus a pixel of rounding slack.
    double radians = args[0].number * M_PI / 180;
    double c = std::abs(std::cos(radians));
    double s = std::abs(std::sin(radians));
    auto w = static_cast<double>(input.width);
    auto h = static_cast<double>(input.height);
    rotated.width = static_cast<std::uint64_t>(std::ceil(w * c + h * s)) + 1;
    rotated.height = static_cast<std::uint64_t>(std::ceil(w * s + h * c)) + 1;
    return rotated;
  }

  static void apply(edit& target, const arguments& args, const geometry&) {
    target.image.rotate(args[0].number);
  }
};

} // namespace imaging::operations
