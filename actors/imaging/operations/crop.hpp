#pragma once

#include <string>

#include "actors/imaging/operations/gravity.hpp"
#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

/// Cuts out a region, clipped to the image, placed by its top-left corner
/// (x, y) or by a gravity.
struct crop {
  static operation_spec spec() {
    return {"crop",
            "Keep the region width x height at x,y or at a gravity (clipped to the image; at x,y "
            "it must overlap it). Keeps 16-bit depth.",
            {size_param("width", "Region width: pixels, or percent of the image's width."),
             size_param("height", "Region height: pixels, or percent of the image's height."),
             optional(integer_param("x", 0, max_requested_offset,
                                    "Left edge of the region; with y, instead of a gravity.")),
             optional(integer_param("y", 0, max_requested_offset, "Top edge of the region.")),
             optional(gravity_param("gravity", "Where the region lies in the image, instead of "
                                               "x and y."))}};
  }

  static constexpr shrink_role role = shrink_role::barrier;

  static model::status check(const arguments& args) {
    bool at_offset = args[2].present || args[3].present;
    if (args[2].present != args[3].present)
      return model::make_problem(model::error_code::invalid_operation, "crop: give both x and y");
    if (at_offset && args[4].present)
      return model::make_problem(model::error_code::invalid_operation,
                                 "crop: give x and y, or a gravity, not both");
    if (!at_offset && !args[4].present)
      return model::make_problem(model::error_code::invalid_operation,
                                 "crop: give x and y, or a gravity");
    return model::ok_status();
  }

  static model::outcome<geometry> output(const geometry& input, const arguments& args) {
    geometry region = input;
    region.width = std::min(input.width, pixels_of(args[0], input.width));
    region.height = std::min(input.height, pixels_of(args[1], input.height));
    if (!args[2].present)
      return region;
    auto x = static_cast<std::uint64_t>(args[2].number);
    auto y = static_cast<std::uint64_t>(args[3].number);
    if (x >= input.width || y >= input.height)
      return model::make_problem(model::error_code::invalid_operation,
                                 "crop: the region at " + args[2].text + "," + args[3].text +
                                     " lies outside the " + std::to_string(input.width) + "x" +
                                     std::to_string(input.height) + " image");
    region.width = std::min(input.width - x, region.width);
    region.height = std::min(input.height - y, region.height);
    return region;
  }

  static void apply(edit& target, const arguments& args, const geometry& region) {
    placement corner{static_cast<std::int64_t>(args[2].number),
                     static_cast<std::int64_t>(args[3].number)};
    if (args[4].present)
      corner = place(args[4].text, target.image.columns(), target.image.rows(), region.width,
                     region.height);
    target.image.crop(Magick::Geometry(static_cast<unsigned>(region.width),
                                       static_cast<unsigned>(region.height),
                                       static_cast<int>(corner.x), static_cast<int>(corner.y)));
    // Forget the offset inside the old canvas, which GIF and PNG would store.
    target.image.page(Magick::Geometry(0, 0, 0, 0));
  }
};

} // namespace imaging::operations
