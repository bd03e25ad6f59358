#pragma once

#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

/// Sharpens with an unsharp mask: its blur is separable, so the cost grows
/// with sigma, not sigma squared as with a plain sharpen kernel, which keeps
/// large sigmas from stalling a worker.
struct sharpen : keeps_geometry {
  static operation_spec spec() {
    return {"sharpen",
            "Sharpen (unsharp mask).",
            {number_param("sigma", 0.1, 100, "Standard deviation of the blur, in pixels.")}};
  }

  static constexpr shrink_role role = shrink_role::barrier;

  static void apply(edit& target, const arguments& args, const geometry&) {
    constexpr double amount = 1.0; // add the full difference back
    constexpr double threshold = 0.0;
    target.image.unsharpmask(0, args[0].number, amount, threshold);
  }
};

} // namespace imaging::operations
