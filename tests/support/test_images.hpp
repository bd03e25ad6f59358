#pragma once

// Generators of test images. Every image is made here, in-process, with
// GraphicsMagick or by writing the bytes; nothing is downloaded. All
// functions initialise GraphicsMagick on first use (with default limits)
// and are deterministic.

#include <cstdint>
#include <string>
#include <string_view>

#include <Magick++.h>

#include "actors/imaging/image_format.hpp"

namespace test_images {

/// `width` x `height` in `format`: a vertical gradient from `top` to
/// `bottom` with a pure green block in the top-left quarter, so that flips,
/// rotations and crops can be told apart by pixel positions.
std::string gradient(imaging::image_format format, unsigned width, unsigned height,
                     const std::string& top = "red", const std::string& bottom = "blue");

/// A JPEG gradient whose EXIF block (APP1) holds `orientation` (1-8).
std::string jpeg_with_orientation(unsigned width, unsigned height, std::uint16_t orientation);

/// A TIFF gradient whose Orientation tag (274) holds `orientation` (1-8).
std::string tiff_with_orientation(unsigned width, unsigned height, std::uint16_t orientation);

/// A well-formed PNG (valid chunk CRCs, IHDR, IDAT, IEND) that claims
/// `width` x `height` but carries only a few bytes of pixel data: the shape
/// of a decompression bomb.
std::string png_claiming(std::uint32_t width, std::uint32_t height);

/// Decodes `bytes` (format detected by GraphicsMagick; for assertions only).
Magick::Image decode(std::string_view bytes);

/// Encodes `image` as `format`.
std::string encode(Magick::Image image, imaging::image_format format);

} // namespace test_images
