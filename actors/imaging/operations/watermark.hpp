#pragma once

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "actors/imaging/operations/gravity.hpp"
#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

/// Draws another stored image (a logo, a station's mark) over this one.
/// Its original is read by the image's actor when the job is loaded and
/// travels with the job (operation_context::overlays): workers on other
/// machines need no access to it.
struct watermark : keeps_geometry {
  static operation_spec spec() {
    return {"watermark",
            "Draw the original of another stored image over this one at the gravity, "
            "2 % of the shorter side from the edges, with the opacity; scaled down to fit "
            "when larger. Its own transparency is kept. Keeps 16-bit depth.",
            {image_param("image", "The id of the image to draw (its original)."),
             with_default(gravity_param("gravity", "Where it lies in the image."), "southeast"),
             with_default(integer_param("opacity", 1, 100, "Opacity in percent."), "50")}};
  }

  static constexpr shrink_role role = shrink_role::barrier;

  static void apply(edit& target, const arguments& args, const geometry&) {
    auto found = target.overlays.find(args[0].text);
    if (found == target.overlays.end())
      throw std::runtime_error("the image " + args[0].text + " was not given to the job");
    Magick::Image& image = target.image;
    Magick::Image mark = found->second;
    if (mark.columns() > image.columns() || mark.rows() > image.rows())
      mark.resize(exact_size(fit_inside({mark.columns(), mark.rows(), 1},
                                        static_cast<double>(image.columns()),
                                        static_cast<double>(image.rows()))));
    fade(mark, args[2].number / 100);
    auto margin = static_cast<std::int64_t>(
        std::lround(0.02 * static_cast<double>(std::min(image.columns(), image.rows()))));
    placement corner =
        place(args[1].text, image.columns(), image.rows(), mark.columns(), mark.rows(), margin);
    image.composite(mark, static_cast<int>(corner.x), static_cast<int>(corner.y),
                    Magick::OverCompositeOp);
  }

  // Scales the alpha of every pixel by `opacity` (GraphicsMagick stores
  // opacity, 0 for opaque).
  static void fade(Magick::Image& mark, double opacity) {
    if (!mark.matte())
      mark.matte(true);
    mark.modifyImage();
    auto width = mark.columns(), height = mark.rows();
    Magick::PixelPacket* pixels = mark.getPixels(0, 0, width, height);
    for (std::size_t i = 0, n = static_cast<std::size_t>(width) * height; i < n; ++i) {
      double alpha = MaxRGB - pixels[i].opacity;
      pixels[i].opacity = static_cast<Magick::Quantum>(std::lround(MaxRGB - alpha * opacity));
    }
    mark.syncPixels();
  }
};

} // namespace imaging::operations
