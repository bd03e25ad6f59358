#pragma once

#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

/// Scales the image to fit inside a box, keeping its aspect ratio.
struct resize {
  static operation_spec spec() {
    return {"resize", "Scale to fit inside width x height, keeping the aspect ratio; may enlarge.",
            fit_box_params()};
  }

  static constexpr shrink_role role = shrink_role::fit;

  static model::outcome<geometry> output(const geometry& input, const arguments& args) {
    return fit_inside(input, args[0].number, args[1].number);
  }

  static void apply(edit& target, const arguments&, const geometry& size) {
    target.image.resize(exact_size(size));
  }
};

} // namespace imaging::operations
