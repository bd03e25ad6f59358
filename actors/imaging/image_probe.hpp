#pragma once

// Reads what an upload claims to be without running any image decoder: the
// format from the magic bytes, the dimensions from the header, and a cheap
// structural check (PNG chunks and CRCs up to IEND, JPEG markers up to the
// scan and a final EOI, GIF blocks up to the trailer with the size of every
// frame, BMP/WebP/TIFF sizes and offsets inside the data, HEIF/AVIF boxes
// with the primary item's properties and references, JPEG XL boxes and
// headers). This runs in the process that holds the storage, so it is
// bounds-checked code of our own, fuzzed, and never calls GraphicsMagick.

#include <cstdint>
#include <string_view>

#include "actors/imaging/image_format.hpp"
#include "actors/imaging/image_limits.hpp"
#include "actors/model/problem.hpp"

namespace imaging {

struct image_header {
  image_format format = image_format::jpeg;
  // As the decoder returns the pixels: stored, not yet oriented, except
  // for HEIC and AVIF, whose decoder applies their rotation and mirroring
  // itself (their orientation is then 1).
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint16_t orientation = 1; // EXIF orientation 1-8 (JPEG, TIFF, JPEG XL), else 1
};

/// The problem of bytes whose first bytes are no accepted format.
model::problem unrecognised_format();

/// Returns the header of `bytes`, or:
///  - unsupported_media_type when the bytes are not an accepted format,
///  - corrupt_image when the header or structure is damaged or truncated,
///  - image_too_large when width, height or pixels exceed `limits`, or
///    those of any frame of a GIF (a frame may be larger than the size the
///    GIF reports, its logical screen).
model::outcome<image_header> probe_image(std::string_view bytes, const image_limits& limits);

} // namespace imaging
