#pragma once

#include "actors/imaging/operations/gravity.hpp"
#include "actors/imaging/operations/magick_color.hpp"
#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

/// Puts the image on a canvas of an exact size (GraphicsMagick's -extent):
/// padded with the color where the canvas is larger, cut at the gravity
/// where the image is larger.
struct extend {
  static operation_spec spec() {
    return {
        "extend",
        "Place the image on a width x height canvas of the color at the gravity, cut at that "
        "gravity where it is larger (like -extent). Transparent colors need an output format "
        "with alpha, such as PNG. Keeps 16-bit depth.",
        {integer_param("width", 1, max_requested_dimension, "Canvas width in pixels."),
         integer_param("height", 1, max_requested_dimension, "Canvas height in pixels."),
         with_default(gravity_param("gravity", "Where the image lies on the canvas."), "center"),
         with_default(color_param("color", "Color of the added canvas."), "white")}};
  }

  static constexpr shrink_role role = shrink_role::barrier;

  static model::outcome<geometry> output(const geometry& input, const arguments& args) {
    geometry canvas = input;
    canvas.width = static_cast<std::uint64_t>(args[0].number);
    canvas.height = static_cast<std::uint64_t>(args[1].number);
    return canvas;
  }

  static void apply(edit& target, const arguments& args, const geometry& canvas) {
    Magick::Image& image = target.image;
    placement corner =
        place(args[2].text, canvas.width, canvas.height, image.columns(), image.rows());
    // extent() takes where the canvas starts relative to the image.
    image.extent(offset_geometry(canvas.width, canvas.height, -corner.x, -corner.y),
                 magick_color(args[3].text));
    image.page(Magick::Geometry(0, 0, 0, 0));
  }
};

} // namespace imaging::operations
