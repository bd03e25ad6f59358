#pragma once

#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

/// A small preview: like resize but never enlarges, uses GraphicsMagick's
/// faster thumbnail scaler and drops all metadata.
struct thumbnail {
  static operation_spec spec() {
    return {"thumbnail",
            "Shrink to fit inside width x height (never enlarges), fast; removes metadata.",
            fit_box_params()};
  }

  static constexpr shrink_role role = shrink_role::fit;

  static model::outcome<geometry> output(const geometry& input, const arguments& args) {
    if (input.width <= args[0].number && input.height <= args[1].number)
      return input;
    return fit_inside(input, args[0].number, args[1].number);
  }

  static void apply(edit& target, const arguments&, const geometry& size) {
    if (target.image.columns() != size.width || target.image.rows() != size.height)
      target.image.thumbnail(exact_size(size));
    target.image.strip();
  }
};

} // namespace imaging::operations
