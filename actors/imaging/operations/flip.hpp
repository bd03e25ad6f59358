#pragma once

#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

struct flip : keeps_geometry {
  static operation_spec spec() {
    return {"flip", "Mirror top to bottom.", {}};
  }

  static constexpr shrink_role role = shrink_role::barrier;

  static void apply(edit& target, const arguments&, const geometry&) {
    target.image.flip();
  }
};

} // namespace imaging::operations
