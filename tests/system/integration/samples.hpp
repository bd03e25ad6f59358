#pragma once

// Images the integration tests upload, made with GraphicsMagick, and checks
// on decoded results.

#include <string>

#include <Magick++.h>

namespace integration {

/// A 64x48 PNG gradient.
const std::string& small_png();

/// A 400x300 JPEG gradient.
const std::string& small_jpeg();

/// A `width` x `height` JPEG of random noise at quality 100: noise barely
/// compresses, so 1000x1000 is over 1 MiB.
std::string noisy_jpeg(unsigned width, unsigned height);

/// True when red, green and blue are equal in every pixel of a 16x16 grid
/// spread over the image.
bool looks_gray(const Magick::Image& image);

} // namespace integration
