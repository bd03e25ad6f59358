#include "tests/system/integration/samples.hpp"

#include "tests/support/test_images.hpp"

namespace integration {

const std::string& small_png() {
  static const std::string png = test_images::gradient(imaging::image_format::png, 64, 48);
  return png;
}

const std::string& small_jpeg() {
  static const std::string jpeg = test_images::gradient(imaging::image_format::jpeg, 400, 300);
  return jpeg;
}

std::string noisy_jpeg(unsigned width, unsigned height) {
  Magick::Image image = test_images::decode(small_png());
  Magick::Geometry size(width, height);
  size.aspect(true); // exactly this size
  image.scale(size);
  image.addNoise(Magick::RandomNoise);
  image.quality(100);
  return test_images::encode(image, imaging::image_format::jpeg);
}

bool looks_gray(const Magick::Image& image) {
  constexpr unsigned grid = 16;
  for (unsigned i = 0; i < grid; ++i)
    for (unsigned j = 0; j < grid; ++j) {
      auto color = image.pixelColor(i * image.columns() / grid, j * image.rows() / grid);
      if (color.redQuantum() != color.greenQuantum() || color.greenQuantum() != color.blueQuantum())
        return false;
    }
  return true;
}

} // namespace integration
