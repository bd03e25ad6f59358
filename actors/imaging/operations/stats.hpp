#pragma once

#include <nlohmann/json.hpp>

#include "actors/imaging/image_stats.hpp"
#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

/// Measures the image where it stands in the command (see image_stats.hpp).
/// First in a command it measures the source as decoded, so a profile that
/// starts with it measures every upload without another decode.
struct stats : keeps_geometry {
  static operation_spec spec() {
    return {"stats",
            "Measure the image at this point of the command: size, per-channel statistics, "
            "luminance histogram, clipped shadows and highlights, focus and noise; stored with "
            "the version (GET .../stats). A command of only stats keeps the bytes as they are.",
            {}};
  }

  // Measurements describe the pixels at full resolution.
  static constexpr shrink_role role = shrink_role::barrier;

  static void apply(edit& target, const arguments&, const geometry&) {
    nlohmann::json measured = measure_image_stats(target.image);
    measured["after"] = target.applied;
    target.measurements = measured.dump();
  }
};

} // namespace imaging::operations
