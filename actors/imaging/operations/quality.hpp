#pragma once

#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

/// Sets the encoder quality; the last one in a command wins.
struct quality : keeps_geometry {
  static operation_spec spec() {
    return {"quality",
            "Encoder quality of the output: JPEG, WebP and JPEG XL quality (JPEG XL at most 99), "
            "AVIF's quantizer (100 is 0, 1 is 63); PNG compression level (tens) and filter "
            "(units); ignored by TIFF, GIF and BMP. Default for the lossy formats: 85.",
            {integer_param("quality", 1, 100, "Quality from 1 (smallest) to 100 (best).")}};
  }

  static constexpr shrink_role role = shrink_role::transparent;

  static void apply(edit& target, const arguments& args, const geometry&) {
    target.quality = static_cast<unsigned>(args[0].number);
  }
};

} // namespace imaging::operations
