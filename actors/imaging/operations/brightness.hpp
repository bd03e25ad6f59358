#pragma once

#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

struct brightness : keeps_geometry {
  static operation_spec spec() {
    return {"brightness",
            "Scale the brightness.",
            {number_param("percent", 0, 400, "Brightness in percent; 100 leaves it unchanged.")}};
  }

  static constexpr shrink_role role = shrink_role::barrier;

  static void apply(edit& target, const arguments& args, const geometry&) {
    constexpr double unchanged = 100;
    target.image.modulate(args[0].number, unchanged, unchanged); // saturation, hue
  }
};

} // namespace imaging::operations
