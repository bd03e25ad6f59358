#pragma once

// JPEG decoding with libjpeg directly, for the pipelines that profit from
// what GraphicsMagick's reader does not ask libjpeg for: any scale M/8
// (GraphicsMagick offers 1/2, 1/4 and 1/8 only, so a 1920x1080 photo
// bound for 1024x1024 is decoded whole), and the gray plane alone when the
// pipeline turns the image gray anyway (libjpeg then skips the color
// planes' inverse DCT, upsampling and color conversion).

#include <cstdint>
#include <optional>
#include <string_view>

#include <Magick++.h>

namespace imaging {

struct jpeg_read_request {
  /// The decoded image is at least this large in both directions (the
  /// smallest scale M/8 that gives that); 0 x 0 for the full size.
  std::uint32_t min_width = 0;
  std::uint32_t min_height = 0;
  /// Decode shades of gray (the luma plane of a color JPEG).
  bool gray = false;
  /// EXIF orientation to record on the image (it keeps no metadata).
  std::uint16_t orientation = 1;
};

/// The pixels of a gray, YCbCr or RGB JPEG as `request` says, with its
/// resolution and `request.orientation`; no profiles or comments. nullopt
/// when libjpeg reports any error or warning, or for CMYK and other color
/// spaces: the caller then decodes with GraphicsMagick, whose verdict on
/// damaged data stands. `input` must have passed probe_image() (whose
/// limits bound the memory taken here). Thread-safe.
std::optional<Magick::Image> read_jpeg(std::string_view input, const jpeg_read_request& request);

} // namespace imaging
