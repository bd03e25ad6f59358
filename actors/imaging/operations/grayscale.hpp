#pragma once

#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

struct grayscale : keeps_geometry {
  static operation_spec spec() {
    return {"grayscale", "Convert to shades of gray.", {}};
  }

  // Per-pixel, so it may run on the smaller image a JPEG decodes into.
  static constexpr shrink_role role = shrink_role::transparent;

  static void apply(edit& target, const arguments&, const geometry&) {
    target.image.type(Magick::GrayscaleType);
  }
};

} // namespace imaging::operations
