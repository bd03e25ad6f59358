#include "actors/imaging/image_stats.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <new>
#include <string>
#include <vector>

namespace imaging {

namespace {

// The sums below are exact in 64 bits for 16-bit quanta up to 4 Gi pixels.
static_assert(QuantumDepth <= 16, "channel sums need 64 bits per squared quantum times pixels");

constexpr std::uint64_t max_value = MaxRGB;

// Rec. 709 luma weights in 1/65536ths. They sum to exactly 65536, so that a
// gray pixel's luminance is its own value.
constexpr std::uint64_t red_weight = 13933;
constexpr std::uint64_t green_weight = 46871;
constexpr std::uint64_t blue_weight = 4732;
static_assert(red_weight + green_weight + blue_weight == 65536);

/// Luminance in quanta (0..MaxRGB), rounded.
std::uint64_t luminance(const Magick::PixelPacket& pixel) {
  return (red_weight * pixel.red + green_weight * pixel.green + blue_weight * pixel.blue + 32768) >>
         16;
}

// Row `y` of `image`, read in place where the pixels are in memory.
const Magick::PixelPacket* pixel_row(const Magick::Image& image, unsigned y) {
  const Magick::PixelPacket* row = image.getConstPixels(0, static_cast<int>(y), image.columns(), 1);
  if (row == nullptr)
    throw Magick::ErrorCache("cannot read the pixels of row " + std::to_string(y));
  return row;
}

class channel_sums {
public:
  void add(std::uint64_t value) {
    sum_ += value;
    sum_of_squares_ += value * value;
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
  }

  model::channel_stats stats(std::string name, std::uint64_t pixels) const {
    // long double holds every 64-bit sum exactly, so that a flat channel's
    // variance comes out exactly 0.
    long double mean = static_cast<long double>(sum_) / pixels;
    long double variance = static_cast<long double>(sum_of_squares_) / pixels - mean * mean;
    double scale = 1.0 / max_value;
    return {std::move(name), static_cast<double>(mean) * scale,
            std::sqrt(static_cast<double>(std::max(variance, 0.0L))) * scale,
            static_cast<double>(min_) * scale, static_cast<double>(max_) * scale};
  }

private:
  std::uint64_t sum_ = 0;
  std::uint64_t sum_of_squares_ = 0;
  std::uint64_t min_ = max_value;
  std::uint64_t max_ = 0;
};

// Decoders leave CMYK (and rarer) pixels in their own colorspace, where the
// red, green and blue fields hold other quantities.
Magick::Image rgb_copy(const Magick::Image& image) {
  Magick::Image copy(image);
  using namespace MagickLib; // IsRGBColorspace names the colorspaces unqualified
  if (!IsRGBColorspace(copy.colorSpace()))
    copy.colorSpace(Magick::RGBColorspace);
  return copy;
}

// Channels, histogram and clipping, from every pixel of `image` (RGB).
void measure_exposure(const Magick::Image& image, model::image_stats& stats) {
  std::array<channel_sums, 3> colors;
  channel_sums alpha;
  bool matte = image.matte();
  bool gray = true;
  std::uint64_t shadows = 0;
  std::uint64_t highlights = 0;
  for (unsigned y = 0; y < stats.height; ++y) {
    const Magick::PixelPacket* row = pixel_row(image, y);
    for (unsigned x = 0; x < stats.width; ++x) {
      const Magick::PixelPacket& pixel = row[x];
      colors[0].add(pixel.red);
      colors[1].add(pixel.green);
      colors[2].add(pixel.blue);
      gray &= pixel.red == pixel.green && pixel.green == pixel.blue;
      if (matte)
        alpha.add(max_value - pixel.opacity); // GraphicsMagick stores transparency
      std::uint64_t level = luminance(pixel);
      ++stats.luminance_histogram[level * model::luminance_bins / (max_value + 1)];
      // The thresholds 1/255 and 254/255, compared in integers.
      shadows += level * 255 <= max_value;
      highlights += level * 255 >= 254 * max_value;
    }
  }
  std::uint64_t pixels = std::uint64_t{stats.width} * stats.height;
  if (gray) {
    stats.channels.push_back(colors[0].stats("gray", pixels));
  } else {
    stats.channels.push_back(colors[0].stats("red", pixels));
    stats.channels.push_back(colors[1].stats("green", pixels));
    stats.channels.push_back(colors[2].stats("blue", pixels));
  }
  if (matte)
    stats.channels.push_back(alpha.stats("alpha", pixels));
  stats.clipped_shadows = static_cast<double>(shadows) / pixels;
  stats.clipped_highlights = static_cast<double>(highlights) / pixels;
}

// Luminance on the 0..255 scale, row after row.
struct gray_plane {
  unsigned width = 0;
  unsigned height = 0;
  std::vector<double> values;
};

// The luminance of `image` at the normalised size. Gray is taken after the
// resize, so only the small copy is converted, and with the histogram's
// Rec. 709 weights (GraphicsMagick's GrayscaleType uses Rec. 601's).
gray_plane normalised_gray(const Magick::Image& image) {
  Magick::Image copy(image);
  unsigned longest = std::max(copy.columns(), copy.rows());
  if (longest > stats_normalised_side) {
    double scale = static_cast<double>(stats_normalised_side) / longest;
    auto scaled = [scale](unsigned side) {
      return std::max(1u, static_cast<unsigned>(std::lround(side * scale)));
    };
    Magick::Geometry size(scaled(copy.columns()), scaled(copy.rows()));
    size.aspect(true); // exactly this size, not the largest that fits
    // The triangle (bilinear) filter: on the same photos at 1500 and 3000
    // pixels its focus figures differed by 1-3%, as Lanczos's did at three
    // times the cost; the box filter aliases, and differed by up to 20%.
    copy.resize(size, Magick::TriangleFilter);
  }
  gray_plane plane{copy.columns(), copy.rows(), {}};
  plane.values.reserve(std::size_t{plane.width} * plane.height);
  for (unsigned y = 0; y < plane.height; ++y) {
    const Magick::PixelPacket* row = pixel_row(copy, y);
    for (unsigned x = 0; x < plane.width; ++x)
      plane.values.push_back(static_cast<double>(luminance(row[x])) * 255.0 / max_value);
  }
  return plane;
}

// Calls visit(at) for every pixel of `plane` that has all eight neighbours,
// where at(dx, dy) is the value at that offset from the pixel.
template<class Visit>
void for_each_inner_pixel(const gray_plane& plane, Visit visit) {
  const std::ptrdiff_t stride = plane.width;
  for (unsigned y = 1; y + 1 < plane.height; ++y) {
    for (unsigned x = 1; x + 1 < plane.width; ++x) {
      const double* centre = &plane.values[y * stride + x];
      visit([centre, stride](int dx, int dy) { return centre[dy * stride + dx]; });
    }
  }
}

std::uint64_t inner_pixels(const gray_plane& plane) {
  if (plane.width < 3 || plane.height < 3)
    return 0;
  return std::uint64_t{plane.width - 2} * (plane.height - 2);
}

double laplacian_variance(const gray_plane& plane) {
  std::uint64_t count = inner_pixels(plane);
  if (count == 0)
    return 0;
  double sum = 0;
  double sum_of_squares = 0;
  for_each_inner_pixel(plane, [&](auto at) {
    double response = at(0, -1) + at(-1, 0) + at(1, 0) + at(0, 1) - 4 * at(0, 0);
    sum += response;
    sum_of_squares += response * response;
  });
  double mean = sum / count;
  return std::max(sum_of_squares / count - mean * mean, 0.0);
}

double immerkaer_noise_sigma(const gray_plane& plane) {
  std::uint64_t count = inner_pixels(plane);
  if (count == 0)
    return 0;
  double sum_of_magnitudes = 0;
  for_each_inner_pixel(plane, [&](auto at) {
    double corners = at(-1, -1) + at(1, -1) + at(-1, 1) + at(1, 1);
    double edges = at(0, -1) + at(-1, 0) + at(1, 0) + at(0, 1);
    sum_of_magnitudes += std::fabs(corners - 2 * edges + 4 * at(0, 0));
  });
  constexpr double pi = 3.14159265358979323846;
  return std::sqrt(pi / 2) * sum_of_magnitudes / (6.0 * count);
}

} // namespace

model::image_stats measure_image_stats(const Magick::Image& image) {
  if (image.columns() == 0 || image.rows() == 0)
    throw Magick::ErrorImage("no pixels to measure");
  try {
    Magick::Image rgb = rgb_copy(image);
    model::image_stats stats;
    stats.method = model::image_stats_method;
    stats.width = static_cast<std::uint32_t>(rgb.columns());
    stats.height = static_cast<std::uint32_t>(rgb.rows());
    measure_exposure(rgb, stats);
    gray_plane plane = normalised_gray(rgb);
    stats.focus = laplacian_variance(plane);
    stats.noise = immerkaer_noise_sigma(plane);
    return stats;
  } catch (const std::bad_alloc&) {
    throw Magick::ErrorResourceLimit("out of memory measuring the image");
  }
}

} // namespace imaging
