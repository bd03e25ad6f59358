#include "actors/imaging/image_probe.hpp"

#include "actors/imaging/probe/format_probes.hpp"

namespace imaging {

namespace {

model::outcome<image_header> probe_format(image_format format, std::string_view bytes,
                                          const image_limits& limits) {
  switch (format) {
  case image_format::jpeg:
    return probe::probe_jpeg(bytes);
  case image_format::png:
    return probe::probe_png(bytes);
  case image_format::gif:
    return probe::probe_gif(bytes, limits);
  case image_format::tiff:
    return probe::probe_tiff(bytes);
  case image_format::bmp:
    return probe::probe_bmp(bytes);
  case image_format::webp:
    return probe::probe_webp(bytes);
  case image_format::heic:
  case image_format::avif:
    return probe::probe_heif(bytes, format);
  case image_format::jxl:
    return probe::probe_jxl(bytes);
  }
  return probe::corrupt(format, "unknown format");
}

} // namespace

model::problem unrecognised_format() {
  return model::make_problem(model::error_code::unsupported_media_type,
                             "not a JPEG, PNG, GIF, TIFF, BMP, WebP, HEIC, AVIF or JPEG XL image");
}

model::outcome<image_header> probe_image(std::string_view bytes, const image_limits& limits) {
  auto format = detect_format(bytes);
  if (!format)
    return unrecognised_format();
  auto header = probe_format(*format, bytes, limits);
  if (!header)
    return header;
  if (header->width == 0 || header->height == 0)
    return probe::corrupt(*format, "zero width or height (" + std::to_string(header->width) + "x" +
                                       std::to_string(header->height) + ")");
  if (auto violation = size_violation(header->width, header->height, limits))
    return model::make_problem(model::error_code::image_too_large, "image is " + *violation);
  return header;
}

} // namespace imaging
