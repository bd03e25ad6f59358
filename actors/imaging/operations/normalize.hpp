#pragma once

#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

struct normalize : keeps_geometry {
  static operation_spec spec() {
    return {"normalize",
            "Stretch the contrast so that the darkest and brightest pixels span the full range.",
            {}};
  }

  static constexpr shrink_role role = shrink_role::barrier;

  static void apply(edit& target, const arguments&, const geometry&) {
    target.image.normalize();
  }
};

} // namespace imaging::operations
