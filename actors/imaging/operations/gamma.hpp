#pragma once

#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

struct gamma : keeps_geometry {
  static operation_spec spec() {
    return {"gamma",
            "Gamma correction; above 1 brightens the mid-tones.",
            {number_param("gamma", 0.1, 10, "Gamma value; 1 leaves the image unchanged.")}};
  }

  static constexpr shrink_role role = shrink_role::barrier;

  static void apply(edit& target, const arguments& args, const geometry&) {
    target.image.gamma(args[0].number);
  }
};

} // namespace imaging::operations
