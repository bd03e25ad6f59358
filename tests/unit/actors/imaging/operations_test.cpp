#include <boost/test/unit_test.hpp>

#include <cmath>

#include "actors/imaging/image_probe.hpp"
#include "tests/unit/actors/imaging/pipeline_fixture.hpp"

using imaging::image_format;
using namespace pipeline_fixture;

namespace {

// 64x48 PNG, red at the top to blue at the bottom, green block in the
// top-left 16x12.
const std::string& sample() {
  static const std::string png = test_images::gradient(image_format::png, 64, 48);
  return png;
}

imaging::encoded_image on_sample(std::string_view command) {
  return run(sample(), image_format::png, command);
}

double intensity(const Magick::ColorRGB& color) {
  return (color.red() + color.green() + color.blue()) / 3;
}

// Spread between the darkest and brightest pixel of the middle column.
double contrast(const imaging::encoded_image& image) {
  double low = 1;
  double high = 0;
  Magick::Image decoded = test_images::decode(image.bytes);
  for (unsigned y = 0; y < decoded.rows(); ++y) {
    double value = intensity(decoded.pixelColor(decoded.columns() / 2, y));
    low = std::min(low, value);
    high = std::max(high, value);
  }
  return high - low;
}

void check_size(const imaging::encoded_image& image, unsigned width, unsigned height) {
  BOOST_TEST(image.width == width);
  BOOST_TEST(image.height == height);
  auto header = imaging::probe_image(image.bytes, {});
  BOOST_REQUIRE(header.ok());
  BOOST_TEST(header->width == width);
  BOOST_TEST(header->height == height);
}

bool has_exif(const std::string& bytes) {
  return bytes.find("Exif") != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(operations_tests)

BOOST_AUTO_TEST_CASE(resize_fits_inside_and_may_enlarge) {
  check_size(on_sample("resize 32 32"), 32, 24);
  check_size(on_sample("resize 640 100"), 133, 100);
  check_size(on_sample("resize 128 1000"), 128, 96);
}

BOOST_AUTO_TEST_CASE(thumbnail_shrinks_never_enlarges_and_strips) {
  check_size(on_sample("thumbnail 32 32"), 32, 24);
  check_size(on_sample("thumbnail 128 128"), 64, 48);
  std::string jpeg = test_images::jpeg_with_orientation(64, 48, 6);
  BOOST_REQUIRE(has_exif(jpeg));
  auto thumb = run(jpeg, image_format::jpeg, "thumbnail 32 32");
  check_size(thumb, 32, 24);
  BOOST_TEST(!has_exif(thumb.bytes));
}

BOOST_AUTO_TEST_CASE(crop_cuts_clips_and_refuses_regions_outside) {
  auto cut = on_sample("crop 20 10 0 0");
  check_size(cut, 20, 10);
  BOOST_TEST(is_green(pixel(cut, 2, 2)));
  auto clipped = on_sample("crop 100 100 60 40");
  check_size(clipped, 4, 8);
  BOOST_TEST(!is_green(pixel(clipped, 0, 0)));
  auto problem = failure(sample(), image_format::png, "crop 10 10 64 0");
  BOOST_TEST((problem.code == model::error_code::invalid_operation));
  BOOST_TEST(problem.message == "crop: the region at 64,0 lies outside the 64x48 image");
}

BOOST_AUTO_TEST_CASE(rotate_turns_clockwise) {
  auto quarter = on_sample("rotate 90");
  check_size(quarter, 48, 64);
  BOOST_TEST(is_green(pixel(quarter, 45, 2))); // top-left went to top-right
  auto back = on_sample("rotate -90");
  BOOST_TEST(is_green(pixel(back, 2, 61))); // top-left went to bottom-left
  check_size(on_sample("rotate 360"), 64, 48);
  auto tilted = on_sample("rotate 45");
  BOOST_TEST(tilted.width > 64u);
  BOOST_TEST(tilted.height > 48u);
}

BOOST_AUTO_TEST_CASE(flip_and_flop_mirror) {
  BOOST_TEST(is_green(pixel(on_sample("flip"), 2, 45)));
  BOOST_TEST(!is_green(pixel(on_sample("flip"), 2, 2)));
  BOOST_TEST(is_green(pixel(on_sample("flop"), 61, 2)));
  BOOST_TEST(!is_green(pixel(on_sample("flop"), 2, 2)));
}

BOOST_AUTO_TEST_CASE(grayscale_makes_every_pixel_gray) {
  Magick::Image gray = test_images::decode(on_sample("grayscale").bytes);
  for (unsigned y = 0; y < 48; y += 5)
    for (unsigned x = 0; x < 64; x += 5) {
      Magick::ColorRGB color = gray.pixelColor(x, y);
      BOOST_TEST(std::abs(color.red() - color.green()) < 0.01);
      BOOST_TEST(std::abs(color.green() - color.blue()) < 0.01);
    }
}

BOOST_AUTO_TEST_CASE(normalize_and_equalize_stretch_contrast) {
  // The right half only: the green block would span the range already.
  std::string dull = test_images::gradient(image_format::png, 64, 48, "gray40", "gray60");
  BOOST_TEST(contrast(run(dull, image_format::png, "crop 32 48 32 0")) < 0.25);
  BOOST_TEST(contrast(run(dull, image_format::png, "crop 32 48 32 0\nnormalize")) > 0.9);
  BOOST_TEST(contrast(run(dull, image_format::png, "crop 32 48 32 0\nequalize")) > 0.9);
}

BOOST_AUTO_TEST_CASE(blur_softens_and_sharpen_hardens_the_block_edge) {
  // Column 19 is just right of the green block: pure gradient, no green.
  BOOST_TEST(pixel(on_sample("strip"), 19, 4).green() < 0.01);
  double blurred = pixel(on_sample("blur 2"), 19, 4).green();
  BOOST_TEST(blurred > 0.05);
  double sharpened = pixel(on_sample("blur 2\nsharpen 2"), 19, 4).green();
  BOOST_TEST(sharpened < blurred);
}

BOOST_AUTO_TEST_CASE(gamma_and_brightness_change_mid_tones) {
  std::string gray = test_images::gradient(image_format::png, 16, 16, "gray50", "gray50");
  double original = intensity(pixel(run(gray, image_format::png, "strip"), 8, 8));
  BOOST_TEST(std::abs(original - 0.5) < 0.02);
  BOOST_TEST(intensity(pixel(run(gray, image_format::png, "gamma 2"), 8, 8)) > 0.65);
  BOOST_TEST(intensity(pixel(run(gray, image_format::png, "brightness 50"), 8, 8)) < 0.35);
  double same = intensity(pixel(run(gray, image_format::png, "brightness 100"), 8, 8));
  BOOST_TEST(std::abs(same - original) < 0.01);
}

BOOST_AUTO_TEST_CASE(threshold_leaves_only_black_and_white) {
  Magick::Image bilevel = test_images::decode(on_sample("threshold 50").bytes);
  for (unsigned y = 0; y < 48; y += 3)
    for (unsigned x = 0; x < 64; x += 3) {
      double value = intensity(bilevel.pixelColor(x, y));
      BOOST_TEST((value < 0.01 || value > 0.99), value);
    }
}

BOOST_AUTO_TEST_CASE(negate_inverts) {
  Magick::ColorRGB color = pixel(on_sample("negate"), 2, 2); // was green
  BOOST_TEST(color.red() > 0.9);
  BOOST_TEST(color.green() < 0.1);
  BOOST_TEST(color.blue() > 0.9);
}

BOOST_AUTO_TEST_CASE(autoorient_applies_and_resets_the_orientation) {
  std::string jpeg = test_images::jpeg_with_orientation(64, 48, 6);
  auto upright = run(jpeg, image_format::jpeg, "autoorient");
  check_size(upright, 48, 64);
  BOOST_TEST(imaging::probe_image(upright.bytes, {})->orientation == 1);
  BOOST_TEST(is_green(pixel(upright, 45, 2))); // 6 = turn clockwise
  check_size(run(test_images::jpeg_with_orientation(64, 48, 3), image_format::jpeg, "autoorient"),
             64, 48);
  check_size(run(test_images::tiff_with_orientation(64, 48, 8), image_format::tiff, "autoorient"),
             48, 64);
}

BOOST_AUTO_TEST_CASE(strip_removes_exif) {
  std::string jpeg = test_images::jpeg_with_orientation(64, 48, 6);
  auto kept = run(jpeg, image_format::jpeg, "flip");
  BOOST_TEST(has_exif(kept.bytes));
  auto stripped = run(jpeg, image_format::jpeg, "strip");
  BOOST_TEST(!has_exif(stripped.bytes));
  BOOST_TEST(imaging::probe_image(stripped.bytes, {})->orientation == 1);
}

BOOST_AUTO_TEST_CASE(format_chooses_the_encoder_and_the_last_one_wins) {
  for (const char* name : {"jpeg", "png", "webp", "tiff", "gif", "bmp"}) {
    auto result = on_sample(std::string("format gif\nformat ") + name);
    auto format = imaging::format_from_name(name);
    BOOST_TEST((result.format == *format), name);
    BOOST_TEST((imaging::detect_format(result.bytes) == *format), name);
    check_size(result, 64, 48);
  }
  BOOST_TEST((on_sample("flip").format == image_format::png)); // default: the input's
}

BOOST_AUTO_TEST_CASE(quality_changes_the_encoded_size) {
  std::string photo = test_images::gradient(image_format::png, 320, 240);
  auto small = run(photo, image_format::png, "blur 0.5\nformat jpeg\nquality 10");
  auto large = run(photo, image_format::png, "blur 0.5\nformat jpeg\nquality 100");
  BOOST_TEST(small.bytes.size() < large.bytes.size());
  auto by_default = run(photo, image_format::png, "blur 0.5\nformat jpeg");
  auto at_85 = run(photo, image_format::png, "blur 0.5\nformat jpeg\nquality 85");
  BOOST_TEST(by_default.bytes == at_85.bytes); // 85 is the JPEG default
  auto webp_small = run(photo, image_format::png, "blur 0.5\nformat webp\nquality 10");
  auto webp_large = run(photo, image_format::png, "blur 0.5\nformat webp\nquality 100");
  BOOST_TEST(webp_small.bytes.size() < webp_large.bytes.size());
}

BOOST_AUTO_TEST_SUITE_END()
