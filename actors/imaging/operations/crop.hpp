#pragma once

#include <string>

#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

/// Cuts out a region, clipped to the image.
struct crop {
  static operation_spec spec() {
    return {"crop",
            "Keep the region width x height at x,y (clipped to the image; must overlap it).",
            {integer_param("width", 1, max_requested_dimension, "Region width in pixels."),
             integer_param("height", 1, max_requested_dimension, "Region height in pixels."),
             integer_param("x", 0, max_requested_offset, "Left edge of the region."),
             integer_param("y", 0, max_requested_offset, "Top edge of the region.")}};
  }

  static constexpr shrink_role role = shrink_role::barrier;

  static model::outcome<geometry> output(const geometry& input, const arguments& args) {
    auto x = static_cast<std::uint64_t>(args[2].number);
    auto y = static_cast<std::uint64_t>(args[3].number);
    if (x >= input.width || y >= input.height)
      return model::make_problem(model::error_code::invalid_operation,
                                 "crop: the region at " + args[2].text + "," + args[3].text +
                                     " lies outside the " + std::to_string(input.width) + "x" +
                                     std::to_string(input.height) + " image");
    geometry region = input;
    region.width = std::min(input.width - x, static_cast<std::uint64_t>(args[0].number));
    region.height = std::min(input.height - y, static_cast<std::uint64_t>(args[1].number));
    return region;
  }

  static void apply(edit& target, const arguments& args, const geometry& region) {
    target.image.crop(
        Magick::Geometry(static_cast<unsigned>(region.width), static_cast<unsigned>(region.height),
                         static_cast<int>(args[2].number), static_cast<int>(args[3].number)));
    // Forget the offset inside the old canvas, which GIF and PNG would store.
    target.image.page(Magick::Geometry(0, 0, 0, 0));
  }
};

} // namespace imaging::operations
