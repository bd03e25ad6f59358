#pragma once

#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

struct strip : keeps_geometry {
  static operation_spec spec() {
    return {"strip", "Remove all metadata: EXIF, ICC and other profiles, comments.", {}};
  }

  static constexpr shrink_role role = shrink_role::transparent;

  static void apply(edit& target, const arguments&, const geometry&) {
    target.image.strip();
  }
};

} // namespace imaging::operations
