#pragma once

// AVIF encoding with libavif: GraphicsMagick 1.3.40 reads AVIF (through
// libheif) but cannot write it.

#include <string>

#include <Magick++.h>

namespace imaging {

struct avif_settings {
  unsigned quality = 85; // 1-100, as for JPEG and WebP
  bool lossless = false;
};

/// libavif's speed for every encode: 8 of 0 (slowest) to 10. With libaom a
/// 1280x720 photograph encodes in about 0.23 s at 8 against 0.58 s at
/// libavif's default of 6, for a file about 3 % larger.
constexpr int avif_encoder_speed = 8;

/// Encodes `image` as AVIF with libaom on the calling thread:
///  - 8 bits per sample, or 10 when the image has more than 8 (the deepest
///    that AV1's Main profile, and so every decoder, reads);
///  - 4:2:0 chroma for lossy colour images, monochrome (4:0:0) for gray
///    ones, and for `lossless` 4:4:4 with the identity matrix (RGB kept as
///    it is) at quantizer 0;
///  - `quality` maps linearly to the AV1 quantizer, 100 → 0, 1 → 63;
///  - the alpha channel is kept, losslessly;
///  - the ICC profile is kept; EXIF and XMP are not written.
/// Throws std::runtime_error naming libavif's reason when it fails.
std::string encode_avif(const Magick::Image& image, const avif_settings& settings);

} // namespace imaging
