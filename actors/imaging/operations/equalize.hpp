#pragma once

#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

struct equalize : keeps_geometry {
  static operation_spec spec() {
    return {"equalize", "Equalize the histogram.", {}};
  }

  static constexpr shrink_role role = shrink_role::barrier;

  static void apply(edit& target, const arguments&, const geometry&) {
    target.image.equalize();
  }
};

} // namespace imaging::operations
