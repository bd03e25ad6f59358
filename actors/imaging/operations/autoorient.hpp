#pragma once

#include <utility>

#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

/// Turns the pixels upright as the EXIF orientation says and records them
/// as upright, so that viewers do not rotate them a second time.
struct autoorient {
  static operation_spec spec() {
    return {"autoorient", "Apply the EXIF orientation to the pixels, then mark them upright.", {}};
  }

  // A rotation or mirror commutes with shrinking.
  static constexpr shrink_role role = shrink_role::transparent;

  static model::outcome<geometry> output(const geometry& input, const arguments&) {
    geometry upright = input;
    if (input.orientation >= 5 && input.orientation <= 8) // the transposing ones
      std::swap(upright.width, upright.height);
    upright.orientation = 1;
    return upright;
  }

  static void apply(edit& target, const arguments&, const geometry&) {
    target.image.autoOrient();
  }
};

} // namespace imaging::operations
