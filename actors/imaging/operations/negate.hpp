#pragma once

#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

struct negate : keeps_geometry {
  static operation_spec spec() {
    return {"negate", "Invert the colours.", {}};
  }

  static constexpr shrink_role role = shrink_role::barrier;

  static void apply(edit& target, const arguments&, const geometry&) {
    target.image.negate();
  }
};

} // namespace imaging::operations
