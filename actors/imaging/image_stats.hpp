#pragma once

// Measures the image-quality figures of model/image_stats.hpp on a decoded
// image: exposure from all pixels, focus and noise from a gray copy at a
// normalised size.

#include <Magick++.h>

#include "actors/model/image_stats.hpp"

namespace imaging {

/// Focus and noise are measured on a copy whose longest side is this many
/// pixels (aspect kept): a camera that uploads at a higher resolution gets
/// the same figures. Smaller images are measured at their own size, never
/// enlarged (enlarging invents no detail, it only blurs), so their figures
/// compare only with images of the same size.
constexpr unsigned stats_normalised_side = 512;

/// The figures of `image` as model::image_stats describes them, with
/// version model::image_stats_method:
/// - channels, histogram and clipping from every pixel at full size; the
///   alpha channel does not enter the luminance.
/// - focus: the variance of the Laplacian (kernel 0 1 0 / 1 -4 1 / 0 1 0,
///   Pech-Pacheco et al. 2000) of the gray normalised copy.
/// - noise: Immerkær's estimate ("Fast Noise Variance Estimation", 1996):
///   the mask 1 -2 1 / -2 4 -2 / 1 -2 1 cancels image structure up to
///   second order and leaves the noise, sigma = sqrt(pi/2) / (6 (W-2)(H-2))
///   * sum |response| over the gray normalised copy.
/// Both are 0 for copies narrower or lower than 3 pixels. CMYK images are
/// measured in RGB.
///
/// `image` is not modified: the work is done on copies. Throws only
/// Magick::Exception: whatever GraphicsMagick throws (resource limits,
/// warnings of an image that is not quiet), Magick::ErrorImage for an
/// image without pixels and Magick::ErrorResourceLimit when memory runs
/// out. About 0.1 s for a 12-megapixel photo on one core.
model::image_stats measure_image_stats(const Magick::Image& image);

} // namespace imaging
