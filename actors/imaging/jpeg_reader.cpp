#include "actors/imaging/jpeg_reader.hpp"

#include <algorithm>
#include <csetjmp>
#include <cstdio> // jpeglib.h needs FILE
#include <vector>

#include <jpeglib.h>

namespace imaging {

namespace {

/// Progressive JPEGs may hold thousands of tiny scans that each cost a pass
/// over the image: a CPU bomb. GraphicsMagick's reader refuses more than
/// 100 (jpeg:max-scan-number), and so does this one, leaving the verdict to
/// it. Real progressive JPEGs have about ten.
constexpr int max_progressive_scans = 100;

/// libjpeg reports errors by calling error_exit, which must not return:
/// it jumps back to decompress(). Warnings only set a flag.
struct failure_trap {
  jpeg_error_mgr manager{};
  std::jmp_buf escape{};
  bool warned = false;
};

extern "C" void jump_out_on_error(j_common_ptr info) {
  std::longjmp(reinterpret_cast<failure_trap*>(info->err)->escape, 1);
}

extern "C" void note_warning(j_common_ptr info, int level) {
  if (level < 0)
    reinterpret_cast<failure_trap*>(info->err)->warned = true;
}

extern "C" void stop_scan_bombs(j_common_ptr info) {
  auto* decoder = reinterpret_cast<j_decompress_ptr>(info);
  if (decoder->input_scan_number > max_progressive_scans)
    std::longjmp(reinterpret_cast<failure_trap*>(info->err)->escape, 1);
}

/// A libjpeg decompressor with our error handling, destroyed on scope exit.
struct decompressor {
  decompressor() {
    info.err = jpeg_std_error(&trap.manager);
    trap.manager.error_exit = jump_out_on_error;
    trap.manager.emit_message = note_warning;
    progress.progress_monitor = stop_scan_bombs;
    jpeg_create_decompress(&info);
    info.progress = &progress;
  }
  ~decompressor() {
    jpeg_destroy_decompress(&info);
  }
  decompressor(const decompressor&) = delete;
  decompressor& operator=(const decompressor&) = delete;

  failure_trap trap;
  jpeg_progress_mgr progress{};
  jpeg_decompress_struct info{};
};

struct decoded_pixels {
  std::vector<JSAMPLE> samples;
  JDIMENSION width = 0;
  JDIMENSION height = 0;
  bool gray = false;
  UINT8 density_unit = 0; // 1 dots per inch, 2 per cm
  UINT16 x_density = 0;
  UINT16 y_density = 0;
};

/// The smallest M in 1..8 whose scale M/8 keeps `size` at least `wanted`.
unsigned scale_eighths(JDIMENSION size, std::uint32_t wanted) {
  for (unsigned eighths = 1; eighths < 8; ++eighths)
    if ((static_cast<std::uint64_t>(size) * eighths + 7) / 8 >= wanted)
      return eighths;
  return 8;
}

// No object with a destructor may live in this frame: longjmp skips them.
// `out` lives in the caller's. An exception (std::bad_alloc) leaves it
// through no libjpeg frame, so it may propagate.
bool decompress(jpeg_decompress_struct& info, failure_trap& trap, std::string_view input,
                const jpeg_read_request& request, decoded_pixels& out) {
  if (setjmp(trap.escape))
    return false;
  jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(input.data()),
               static_cast<unsigned long>(input.size()));
  jpeg_read_header(&info, TRUE);
  bool color = info.jpeg_color_space == JCS_YCbCr || info.jpeg_color_space == JCS_RGB;
  if (!color && info.jpeg_color_space != JCS_GRAYSCALE)
    return false;
  out.gray = request.gray || !color;
  info.out_color_space = out.gray ? JCS_GRAYSCALE : JCS_RGB;
  bool full_size = request.min_width == 0 && request.min_height == 0;
  info.scale_num = full_size ? 8
                             : std::max(scale_eighths(info.image_width, request.min_width),
                                        scale_eighths(info.image_height, request.min_height));
  info.scale_denom = 8;
  jpeg_start_decompress(&info);
  out.width = info.output_width;
  out.height = info.output_height;
  auto row_samples = static_cast<std::size_t>(out.width) * info.output_components;
  out.samples.resize(row_samples * out.height);
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = out.samples.data() + row_samples * info.output_scanline;
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  if (info.saw_JFIF_marker) {
    out.density_unit = info.density_unit;
    out.x_density = info.X_density;
    out.y_density = info.Y_density;
  }
  return !trap.warned;
}

} // namespace

std::optional<Magick::Image> read_jpeg(std::string_view input, const jpeg_read_request& request) {
  decoded_pixels pixels;
  {
    decompressor decoder;
    if (!decompress(decoder.info, decoder.trap, input, request, pixels))
      return std::nullopt;
  }

  Magick::Image image(pixels.width, pixels.height, pixels.gray ? "I" : "RGB", Magick::CharPixel,
                      pixels.samples.data());
  image.orientation(static_cast<Magick::OrientationType>(request.orientation));
  if (pixels.density_unit == 1 || pixels.density_unit == 2) {
    image.resolutionUnits(pixels.density_unit == 1 ? Magick::PixelsPerInchResolution
                                                   : Magick::PixelsPerCentimeterResolution);
    image.density(Magick::Geometry(pixels.x_density, pixels.y_density));
  }
  return image;
}

} // namespace imaging
