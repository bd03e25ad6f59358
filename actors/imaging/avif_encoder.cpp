#include "actors/imaging/avif_encoder.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <vector>

#include <avif/avif.h>

namespace imaging {

namespace {

struct image_deleter {
  void operator()(avifImage* image) const noexcept {
    avifImageDestroy(image);
  }
};
struct encoder_deleter {
  void operator()(avifEncoder* encoder) const noexcept {
    avifEncoderDestroy(encoder);
  }
};
struct output_deleter {
  void operator()(avifRWData* data) const noexcept {
    avifRWDataFree(data);
  }
};

void check(avifResult result, const char* step) {
  if (result != AVIF_RESULT_OK)
    throw std::runtime_error(std::string("libavif: ") + step + ": " + avifResultToString(result));
}

bool is_gray(const Magick::Image& image) {
  MagickLib::ExceptionInfo exception;
  MagickLib::GetExceptionInfo(&exception);
  bool gray = MagickLib::IsGrayImage(image.constImage(), &exception) != 0;
  MagickLib::DestroyExceptionInfo(&exception);
  return gray;
}

int quantizer_for(unsigned quality) {
  double clamped = std::clamp(static_cast<double>(quality), 1.0, 100.0);
  return static_cast<int>(std::lround((100.0 - clamped) * AVIF_QUANTIZER_WORST_QUALITY / 99.0));
}

} // namespace

std::string encode_avif(const Magick::Image& image, const avif_settings& settings) {
  Magick::Image source = image;
  const auto width = static_cast<std::uint32_t>(source.columns());
  const auto height = static_cast<std::uint32_t>(source.rows());
  const bool deep = source.depth() > 8;
  const bool alpha = source.matte();
  const std::uint32_t depth = deep ? 10 : 8;

  avifPixelFormat layout = AVIF_PIXEL_FORMAT_YUV420;
  if (settings.lossless)
    layout = AVIF_PIXEL_FORMAT_YUV444;
  else if (is_gray(source))
    layout = AVIF_PIXEL_FORMAT_YUV400;
  std::unique_ptr<avifImage, image_deleter> target(avifImageCreate(width, height, depth, layout));
  if (!target)
    throw std::runtime_error("libavif: out of memory");
  target->yuvRange = AVIF_RANGE_FULL;
  if (settings.lossless)
    target->matrixCoefficients = AVIF_MATRIX_COEFFICIENTS_IDENTITY;
  if (Magick::Blob icc = source.iccColorProfile(); icc.length() > 0)
    avifImageSetProfileICC(target.get(), static_cast<const std::uint8_t*>(icc.data()),
                           icc.length());

  // The pixels leave GraphicsMagick as 8- or 16-bit RGB(A); libavif scales
  // them to the AV1 depth while converting to YUV.
  avifRGBImage rgb;
  avifRGBImageSetDefaults(&rgb, target.get());
  rgb.depth = deep ? 16 : 8;
  rgb.format = alpha ? AVIF_RGB_FORMAT_RGBA : AVIF_RGB_FORMAT_RGB;
  const std::uint32_t channels = alpha ? 4 : 3;
  rgb.rowBytes = width * channels * (deep ? 2 : 1);
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(rgb.rowBytes) * height);
  rgb.pixels = pixels.data();
  source.write(0, 0, width, height, alpha ? "RGBA" : "RGB",
               deep ? Magick::ShortPixel : Magick::CharPixel, pixels.data());
  check(avifImageRGBToYUV(target.get(), &rgb), "converting to YUV");

  std::unique_ptr<avifEncoder, encoder_deleter> encoder(avifEncoderCreate());
  if (!encoder)
    throw std::runtime_error("libavif: out of memory");
  encoder->codecChoice = AVIF_CODEC_CHOICE_AOM;
  encoder->maxThreads = 1; // workers run one job per core
  encoder->speed = avif_encoder_speed;
  int quantizer = settings.lossless ? AVIF_QUANTIZER_LOSSLESS : quantizer_for(settings.quality);
  encoder->minQuantizer = quantizer;
  encoder->maxQuantizer = quantizer;
  encoder->minQuantizerAlpha = AVIF_QUANTIZER_LOSSLESS;
  encoder->maxQuantizerAlpha = AVIF_QUANTIZER_LOSSLESS;

  avifRWData output = AVIF_DATA_EMPTY;
  std::unique_ptr<avifRWData, output_deleter> output_owner(&output);
  check(avifEncoderWrite(encoder.get(), target.get(), &output), "encoding");
  return std::string(reinterpret_cast<const char*>(output.data), output.size);
}

} // namespace imaging
