#pragma once

#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

struct threshold : keeps_geometry {
  static operation_spec spec() {
    return {"threshold",
            "Make pixels black or white: white above the threshold, black otherwise.",
            {number_param("percent", 0, 100, "Threshold in percent of full intensity.")}};
  }

  static constexpr shrink_role role = shrink_role::barrier;

  static void apply(edit& target, const arguments& args, const geometry&) {
    target.image.threshold(args[0].number / 100 * MaxRGB);
  }
};

} // namespace imaging::operations
