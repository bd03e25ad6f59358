#pragma once

#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

struct blur : keeps_geometry {
  static operation_spec spec() {
    return {"blur",
            "Gaussian blur.",
            {number_param("sigma", 0.1, 100, "Standard deviation of the Gaussian, in pixels.")}};
  }

  static constexpr shrink_role role = shrink_role::barrier;

  static void apply(edit& target, const arguments& args, const geometry&) {
    target.image.blur(0, args[0].number); // radius 0: chosen from sigma
  }
};

} // namespace imaging::operations
