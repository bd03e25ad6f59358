#pragma once

// One probe per accepted format, each called with bytes whose magic number
// already matched. A probe returns the dimensions and orientation, or a
// corrupt_image problem whose message starts with the format name. Limits
// are checked by the caller (image_probe.cpp) against the returned size,
// except for GIF: its frames may be larger than the size it reports (the
// logical screen), so probe_gif checks each frame itself and answers
// image_too_large.

#include <string>
#include <string_view>

#include "actors/imaging/image_probe.hpp"
#include "actors/imaging/probe/byte_reader.hpp"
#include "actors/model/problem.hpp"

namespace imaging::probe {

model::outcome<image_header> probe_jpeg(std::string_view bytes);
model::outcome<image_header> probe_png(std::string_view bytes);
model::outcome<image_header> probe_gif(std::string_view bytes, const image_limits& limits);
model::outcome<image_header> probe_bmp(std::string_view bytes);
model::outcome<image_header> probe_webp(std::string_view bytes);
model::outcome<image_header> probe_tiff(std::string_view bytes);
/// HEIC and AVIF (`format`), both HEIF files: the size is the primary
/// image's as displayed, since the decoder applies its rotation itself.
model::outcome<image_header> probe_heif(std::string_view bytes, image_format format);
model::outcome<image_header> probe_jxl(std::string_view bytes);

/// corrupt_image with the message "<FORMAT>: <detail>".
inline model::problem corrupt(image_format format, const std::string& detail) {
  return model::make_problem(model::error_code::corrupt_image,
                             std::string(format_name(format)) + ": " + detail);
}

/// "0x1F": how bytes of a format are named in messages.
inline std::string hex_byte(std::uint8_t value) {
  const char* digits = "0123456789ABCDEF";
  return std::string("0x") + digits[value >> 4] + digits[value & 0xF];
}

/// A header with the given dimensions and orientation 1.
inline image_header header_of(image_format format, std::uint32_t width, std::uint32_t height) {
  image_header header;
  header.format = format;
  header.width = width;
  header.height = height;
  return header;
}

} // namespace imaging::probe
