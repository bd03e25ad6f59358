#pragma once

#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

/// Removes the edges of the corners' color. The size it produces is known
/// only from the pixels: output() gives the input's as the upper bound that
/// the limits are checked against (trim never enlarges), and the pipeline
/// continues from the size of the real result, as after every barrier.
struct trim : keeps_geometry {
  static operation_spec spec() {
    return {"trim",
            "Remove the edges that have the color of the corners, within fuzz percent; an image "
            "of that one color is left as it is. Keeps 16-bit depth.",
            {with_default(number_param("fuzz", 0, 100,
                                       "How far a color may be from the corners' and still count "
                                       "as edge, in percent of the full range."),
                          "0")}};
  }

  static constexpr shrink_role role = shrink_role::barrier;

  static void apply(edit& target, const arguments& args, const geometry&) {
    Magick::Image& image = target.image;
    double fuzz = image.colorFuzz();
    // GraphicsMagick 1.3.40 leaves an image it finds all edge as it is.
    image.colorFuzz(args[0].number / 100 * MaxRGB);
    image.trim();
    image.colorFuzz(fuzz); // later operations must not inherit it
    // Forget the offset inside the old canvas, which GIF and PNG would store.
    image.page(Magick::Geometry(0, 0, 0, 0));
  }
};

} // namespace imaging::operations
