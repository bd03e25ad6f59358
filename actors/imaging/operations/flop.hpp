#pragma once

#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

struct flop : keeps_geometry {
  static operation_spec spec() {
    return {"flop", "Mirror left to right.", {}};
  }

  static constexpr shrink_role role = shrink_role::barrier;

  static void apply(edit& target, const arguments&, const geometry&) {
    target.image.flop();
  }
};

} // namespace imaging::operations
