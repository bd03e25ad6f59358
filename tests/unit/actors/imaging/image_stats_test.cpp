#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/imaging/image_stats.hpp"
#include "actors/imaging/pipeline.hpp"
#include "tests/support/test_images.hpp"

using imaging::measure_image_stats;
using model::image_stats;

namespace {

// A sharp photograph, 6028x3391 (Lukas Baubkus, CC-BY-SA-3.0, Debian
// package lomiri-wallpapers-20.04).
const std::string photo_path = "/usr/share/backgrounds/Kleiber_by_Lukas_Baubkus.jpg";

// The photo decoded at the smallest of the JPEG decoder's sizes (full, 1/2,
// 1/4, 1/8) that is at least `width` x `height`.
Magick::Image photo_at_least(unsigned width, unsigned height) {
  imaging::initialize_imaging({});
  BOOST_REQUIRE_MESSAGE(std::filesystem::exists(photo_path),
                        photo_path + " is missing: install lomiri-wallpapers-20.04");
  Magick::Image decoded;
  decoded.size(Magick::Geometry(width, height));
  decoded.read(photo_path);
  return decoded;
}

// The photo at a quarter size (1507x848): still larger than the normalised
// size, and quick to blur.
const Magick::Image& photo() {
  static const Magick::Image image = photo_at_least(1024, 576);
  return image;
}

// The photo as CMYK without black (what a CMYK JPEG decodes to): cyan,
// magenta and yellow are 1 - red, green, blue. GraphicsMagick's own
// conversion to CMYK does not invert its conversion back.
Magick::Image cmyk_photo() {
  Magick::Image cmyk(photo());
  cmyk.negate();
  cmyk.modifyImage();
  cmyk.image()->colorspace = MagickLib::CMYKColorspace; // black is in `opacity`: 0
  return cmyk;
}

Magick::Image filled(unsigned width, unsigned height, const Magick::Color& color) {
  imaging::initialize_imaging({});
  return Magick::Image(Magick::Geometry(width, height), color);
}

Magick::Image checkerboard(unsigned side, unsigned square) {
  Magick::Image image = filled(side, side, Magick::ColorGray(1.0));
  image.modifyImage();
  for (unsigned y = 0; y < side; ++y) {
    Magick::PixelPacket* row = image.getPixels(0, static_cast<int>(y), side, 1);
    for (unsigned x = 0; x < side; ++x)
      if ((x / square + y / square) % 2 == 1)
        row[x].red = row[x].green = row[x].blue = 0;
    image.syncPixels();
  }
  return image;
}

Magick::Image blurred(const Magick::Image& image, double sigma) {
  Magick::Image copy(image);
  if (sigma > 0)
    copy.blur(0, sigma); // separable, unlike gaussianBlur
  return copy;
}

// Every channel value times `factor`, clipped: a longer or shorter exposure.
Magick::Image exposed(const Magick::Image& image, double factor) {
  Magick::Image copy(image);
  copy.quantumOperator(Magick::AllChannels, Magick::MultiplyQuantumOp, factor);
  return copy;
}

// Encoded as a PNG of `depth` bits per channel and decoded again.
Magick::Image png_round_trip(Magick::Image image, unsigned depth) {
  image.depth(depth);
  return test_images::decode(test_images::encode(image, imaging::image_format::png));
}

// An 8-bit PNG copy rounded to the nearest level, as a camera stores it:
// GraphicsMagick's reduction truncates, half a level darker on average.
Magick::Image png_8_bit_copy(Magick::Image image) {
  image.quantumOperator(Magick::AllChannels, Magick::AddQuantumOp, MaxRGB / 255.0 / 2);
  return png_round_trip(image, 8);
}

std::uint64_t histogram_total(const image_stats& stats) {
  std::uint64_t total = 0;
  for (auto count : stats.luminance_histogram)
    total += count;
  return total;
}

std::size_t filled_bins(const image_stats& stats) {
  std::size_t filled = 0;
  for (auto count : stats.luminance_histogram)
    filled += count != 0;
  return filled;
}

std::vector<std::string> channel_names(const image_stats& stats) {
  std::vector<std::string> names;
  for (const auto& channel : stats.channels)
    names.push_back(channel.name);
  return names;
}

template<class Values>
std::string listed(const Values& values) {
  std::ostringstream text;
  for (auto value : values)
    text << ' ' << value;
  return text.str();
}

// Focus of `image` blurred by each of `sigmas`.
std::vector<double> focus_per_blur(const Magick::Image& image, const std::vector<double>& sigmas) {
  std::vector<double> focus;
  for (double sigma : sigmas)
    focus.push_back(measure_image_stats(blurred(image, sigma)).focus);
  return focus;
}

void check_strictly_decreasing(const std::vector<double>& values) {
  for (std::size_t i = 1; i < values.size(); ++i)
    BOOST_TEST(values[i] < values[i - 1], "at " << i << ":" << listed(values));
}

const std::vector<double> blur_sigmas = {0, 0.5, 1, 2, 4, 8};

} // namespace

BOOST_AUTO_TEST_SUITE(image_stats_tests)

BOOST_AUTO_TEST_CASE(a_uniform_gray_image_has_no_spread_focus_or_noise) {
  auto stats = measure_image_stats(filled(1000, 700, Magick::ColorGray(0.3)));
  BOOST_TEST(stats.method == model::image_stats_method);
  BOOST_TEST(stats.width == 1000u);
  BOOST_TEST(stats.height == 700u);
  BOOST_TEST(channel_names(stats) == std::vector<std::string>{"gray"},
             boost::test_tools::per_element());
  const auto& gray = stats.channels.at(0);
  BOOST_TEST(gray.stddev == 0.0);
  BOOST_TEST(gray.min == gray.max);
  BOOST_TEST(gray.mean == gray.min);
  BOOST_TEST(gray.mean == 0.3, boost::test_tools::tolerance(0.001));
  BOOST_TEST(stats.focus == 0.0);
  BOOST_TEST(stats.noise < 1e-9);
  BOOST_TEST(filled_bins(stats) == 1u);
  BOOST_TEST(histogram_total(stats) == 1000u * 700u);
  BOOST_TEST(stats.luminance_histogram[76] == 1000u * 700u); // 0.3 * 256 = 76.8
  BOOST_TEST(stats.clipped_shadows == 0.0);
  BOOST_TEST(stats.clipped_highlights == 0.0);
}

BOOST_AUTO_TEST_CASE(black_is_all_clipped_shadows_and_white_all_clipped_highlights) {
  auto black = measure_image_stats(filled(300, 200, Magick::ColorGray(0.0)));
  BOOST_TEST(black.clipped_shadows == 1.0);
  BOOST_TEST(black.clipped_highlights == 0.0);
  BOOST_TEST(black.luminance_histogram[0] == 300u * 200u);
  auto white = measure_image_stats(filled(300, 200, Magick::ColorGray(1.0)));
  BOOST_TEST(white.clipped_highlights == 1.0);
  BOOST_TEST(white.clipped_shadows == 0.0);
  BOOST_TEST(white.luminance_histogram[255] == 300u * 200u);
}

// The thresholds are 1/255 and 254/255 inclusive: 8-bit 1 is clipped, 2 is
// not; 254 is clipped, 253 is not.
BOOST_AUTO_TEST_CASE(clipping_thresholds_are_the_outermost_two_8_bit_levels) {
  auto level = [](double value) {
    return measure_image_stats(filled(10, 10, Magick::ColorGray(value / 255)));
  };
  BOOST_TEST(level(1).clipped_shadows == 1.0);
  BOOST_TEST(level(2).clipped_shadows == 0.0);
  BOOST_TEST(level(254).clipped_highlights == 1.0);
  BOOST_TEST(level(253).clipped_highlights == 0.0);
}

BOOST_AUTO_TEST_CASE(color_channels_alpha_and_rec_709_luminance) {
  Magick::Image red = filled(64, 64, Magick::ColorRGB(1, 0, 0));
  red.matte(true);
  red.opacity(MaxRGB / 4); // 75% opaque
  auto stats = measure_image_stats(red);
  BOOST_TEST(channel_names(stats) == (std::vector<std::string>{"red", "green", "blue", "alpha"}),
             boost::test_tools::per_element());
  BOOST_TEST(stats.channels.at(0).mean == 1.0);
  BOOST_TEST(stats.channels.at(1).max == 0.0);
  BOOST_TEST(stats.channels.at(3).mean == 0.75, boost::test_tools::tolerance(0.001));
  BOOST_TEST(stats.luminance_histogram[54] == 64u * 64u); // 0.2126 * 256 = 54.4
}

BOOST_AUTO_TEST_CASE(focus_drops_monotonically_as_a_photo_is_blurred_more) {
  auto focus = focus_per_blur(photo(), blur_sigmas);
  BOOST_TEST_MESSAGE("photo focus for blur sigma" << listed(blur_sigmas) << ":" << listed(focus));
  check_strictly_decreasing(focus);
}

BOOST_AUTO_TEST_CASE(focus_drops_monotonically_as_a_checkerboard_is_blurred_more) {
  auto focus = focus_per_blur(checkerboard(1024, 32), blur_sigmas);
  BOOST_TEST_MESSAGE("checkerboard focus for blur sigma" << listed(blur_sigmas) << ":"
                                                         << listed(focus));
  check_strictly_decreasing(focus);
}

BOOST_AUTO_TEST_CASE(clipped_highlights_rise_with_over_exposure) {
  std::vector<double> clipped;
  for (double factor : {1.0, 1.5, 2.0, 3.0})
    clipped.push_back(measure_image_stats(exposed(photo(), factor)).clipped_highlights);
  BOOST_TEST_MESSAGE("clipped highlights for exposure x1 x1.5 x2 x3:" << listed(clipped));
  for (std::size_t i = 1; i < clipped.size(); ++i)
    BOOST_TEST(clipped[i] >= clipped[i - 1], listed(clipped));
  BOOST_TEST(clipped.back() > clipped.front() + 0.1, listed(clipped));
}

BOOST_AUTO_TEST_CASE(clipped_shadows_rise_with_under_exposure) {
  std::vector<double> clipped;
  for (double factor : {1.0, 0.5, 0.25, 0.1})
    clipped.push_back(measure_image_stats(exposed(photo(), factor)).clipped_shadows);
  BOOST_TEST_MESSAGE("clipped shadows for exposure x1 x0.5 x0.25 x0.1:" << listed(clipped));
  for (std::size_t i = 1; i < clipped.size(); ++i)
    BOOST_TEST(clipped[i] >= clipped[i - 1], listed(clipped));
  BOOST_TEST(clipped.back() > 2 * clipped.front(), listed(clipped));
}

BOOST_AUTO_TEST_CASE(noise_rises_when_gaussian_noise_is_added) {
  Magick::Image noisy_photo(photo());
  noisy_photo.addNoise(Magick::GaussianNoise);
  Magick::Image noisy_gray = filled(800, 600, Magick::ColorGray(0.5));
  noisy_gray.addNoise(Magick::GaussianNoise);
  double clean = measure_image_stats(photo()).noise;
  double noisy = measure_image_stats(noisy_photo).noise;
  double flat = measure_image_stats(noisy_gray).noise;
  BOOST_TEST_MESSAGE("noise: photo " << clean << ", with noise " << noisy << ", gray with noise "
                                     << flat);
  BOOST_TEST(noisy > 2 * clean);
  BOOST_TEST(flat > 1.0);
}

BOOST_AUTO_TEST_CASE(a_16_bit_image_measures_like_its_8_bit_copy) {
  Magick::Image resized(photo()); // resampled: values between the 8-bit levels
  resized.resize(Magick::Geometry(1200, 1200));
  Magick::Image deep = png_round_trip(resized, 16);
  Magick::Image shallow = png_8_bit_copy(resized);
  BOOST_REQUIRE(deep.depth() == 16u);
  BOOST_REQUIRE(shallow.depth() == 8u);
  auto sixteen = measure_image_stats(deep);
  auto eight = measure_image_stats(shallow);
  BOOST_TEST_MESSAGE("16 bits: focus " << sixteen.focus << ", noise " << sixteen.noise
                                       << "; 8 bits: focus " << eight.focus << ", noise "
                                       << eight.noise);
  // Rounding moves values by up to half an 8-bit level; the blown-out sky
  // lies around the highlight threshold, where that moves some pixels
  // across it.
  const double half_level = 0.5 / 255;
  BOOST_REQUIRE(sixteen.channels.size() == eight.channels.size());
  for (std::size_t i = 0; i < eight.channels.size(); ++i) {
    BOOST_TEST(std::abs(sixteen.channels[i].mean - eight.channels[i].mean) <= half_level / 10);
    BOOST_TEST(std::abs(sixteen.channels[i].stddev - eight.channels[i].stddev) <= half_level);
  }
  BOOST_TEST(std::abs(sixteen.clipped_shadows - eight.clipped_shadows) <= 0.002);
  BOOST_TEST(std::abs(sixteen.clipped_highlights - eight.clipped_highlights) <= 0.002);
  BOOST_TEST(sixteen.focus == eight.focus, boost::test_tools::tolerance(0.02));
  BOOST_TEST(sixteen.noise == eight.noise, boost::test_tools::tolerance(0.05));
}

// An enlargement adds no detail but its filter softens a little: 5% less.
// A camera of twice the resolution sees more detail: 3% more.
BOOST_AUTO_TEST_CASE(focus_does_not_depend_on_the_resolution) {
  Magick::Image enlarged(photo());
  enlarged.zoom(Magick::Geometry(photo().columns() * 2, photo().rows() * 2));
  Magick::Image finer = photo_at_least(2048, 1152);
  BOOST_REQUIRE(finer.columns() == enlarged.columns());
  double original = measure_image_stats(photo()).focus;
  double enlarged_focus = measure_image_stats(enlarged).focus;
  double finer_focus = measure_image_stats(finer).focus;
  BOOST_TEST_MESSAGE("focus at " << photo().columns() << " px: " << original << ", enlarged to "
                                 << enlarged.columns() << " px: " << enlarged_focus
                                 << ", decoded at " << finer.columns() << " px: " << finer_focus);
  BOOST_TEST(enlarged_focus == original, boost::test_tools::tolerance(0.1));
  BOOST_TEST(finer_focus == original, boost::test_tools::tolerance(0.05));
}

BOOST_AUTO_TEST_CASE(cmyk_is_measured_in_rgb_and_the_image_is_left_as_it_was) {
  Magick::Image cmyk = cmyk_photo();
  std::string signature = cmyk.signature(true);
  auto stats = measure_image_stats(cmyk);
  BOOST_TEST(cmyk.signature(true) == signature);
  BOOST_TEST(cmyk.colorSpace() == Magick::CMYKColorspace);
  auto rgb = measure_image_stats(photo());
  BOOST_TEST(channel_names(stats) == channel_names(rgb), boost::test_tools::per_element());
  for (std::size_t i = 0; i < rgb.channels.size(); ++i)
    BOOST_TEST(stats.channels.at(i).mean == rgb.channels[i].mean,
               boost::test_tools::tolerance(1e-6));
  BOOST_TEST(stats.focus == rgb.focus, boost::test_tools::tolerance(1e-6));
}

BOOST_AUTO_TEST_CASE(an_image_without_pixels_throws_a_magick_error) {
  imaging::initialize_imaging({});
  BOOST_CHECK_THROW(measure_image_stats(Magick::Image()), Magick::Exception);
}

BOOST_AUTO_TEST_CASE(json_round_trip) {
  Magick::Image photo_with_alpha(photo());
  photo_with_alpha.matte(true);
  image_stats measured = measure_image_stats(photo_with_alpha);
  auto parsed = nlohmann::json::parse(nlohmann::json(measured).dump()).get<image_stats>();
  BOOST_TEST(parsed.method == measured.method);
  BOOST_TEST(parsed.width == measured.width);
  BOOST_TEST(parsed.height == measured.height);
  BOOST_TEST(parsed.luminance_histogram == measured.luminance_histogram,
             boost::test_tools::per_element());
  BOOST_TEST(parsed.clipped_shadows == measured.clipped_shadows);
  BOOST_TEST(parsed.clipped_highlights == measured.clipped_highlights);
  BOOST_TEST(parsed.focus == measured.focus);
  BOOST_TEST(parsed.noise == measured.noise);
  BOOST_REQUIRE(parsed.channels.size() == 4u);
  for (std::size_t i = 0; i < parsed.channels.size(); ++i) {
    BOOST_TEST(parsed.channels[i].name == measured.channels[i].name);
    BOOST_TEST(parsed.channels[i].mean == measured.channels[i].mean);
    BOOST_TEST(parsed.channels[i].stddev == measured.channels[i].stddev);
    BOOST_TEST(parsed.channels[i].min == measured.channels[i].min);
    BOOST_TEST(parsed.channels[i].max == measured.channels[i].max);
  }
}

BOOST_AUTO_TEST_CASE(json_without_a_field_or_with_other_than_256_bins_is_refused) {
  const auto json = nlohmann::json(image_stats{});
  BOOST_CHECK_NO_THROW(json.get<image_stats>());
  auto fewer_bins = json;
  fewer_bins["luminance_histogram"].erase(0);
  BOOST_CHECK_THROW(fewer_bins.get<image_stats>(), nlohmann::json::exception);
  auto more_bins = json;
  more_bins["luminance_histogram"].push_back(0);
  BOOST_CHECK_THROW(more_bins.get<image_stats>(), nlohmann::json::exception);
  auto without_focus = json;
  without_focus.erase("focus");
  BOOST_CHECK_THROW(without_focus.get<image_stats>(), nlohmann::json::exception);
}

BOOST_AUTO_TEST_SUITE_END()
