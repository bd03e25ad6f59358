#include <boost/test/unit_test.hpp>

#include <array>
#include <cmath>
#include <optional>

#include <nlohmann/json.hpp>

#include "actors/imaging/image_probe.hpp"
#include "actors/imaging/operations/colors.hpp"
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

bool is_black(const Magick::ColorRGB& color) {
  return intensity(color) < 0.05;
}

bool is_white(const Magick::ColorRGB& color) {
  return intensity(color) > 0.95;
}

// `width` x `height` PNG of `background` with a rectangle of `fill` at x, y.
std::string framed(unsigned width, unsigned height, const std::string& background,
                   const std::string& fill, unsigned x, unsigned y, unsigned inner_width,
                   unsigned inner_height) {
  Magick::Image image(Magick::Geometry(width, height), Magick::Color(background));
  image.fillColor(Magick::Color(fill));
  image.draw(Magick::DrawableRectangle(x, y, x + inner_width - 1, y + inner_height - 1));
  return test_images::encode(image, image_format::png);
}

// 64x48, white, with a black 32x24 rectangle in the middle (16,12).
const std::string& target() {
  static const std::string png = framed(64, 48, "white", "black", 16, 12, 32, 24);
  return png;
}

// The target in 16 bits per channel: gray levels that 8 bits cannot hold.
const std::string& deep_target() {
  static const std::string png = [] {
    Magick::Image image(Magick::Geometry(64, 48), Magick::Color(0x1234, 0x5678, 0x9ABC));
    image.depth(16);
    image.fillColor(Magick::Color(0x0101, 0x0203, 0x0405));
    image.draw(Magick::DrawableRectangle(16, 12, 47, 35));
    return test_images::encode(image, image_format::png);
  }();
  return png;
}

// Where in `image` the pixels brighter than half lie: {left, top, right,
// bottom}, or nothing.
std::optional<std::array<unsigned, 4>> bright_box(const imaging::encoded_image& image) {
  Magick::Image decoded = test_images::decode(image.bytes);
  std::optional<std::array<unsigned, 4>> box;
  for (unsigned y = 0; y < decoded.rows(); ++y)
    for (unsigned x = 0; x < decoded.columns(); ++x) {
      if (intensity(decoded.pixelColor(x, y)) < 0.5)
        continue;
      if (!box)
        box = std::array<unsigned, 4>{x, y, x, y};
      box = std::array<unsigned, 4>{std::min((*box)[0], x), std::min((*box)[1], y),
                                    std::max((*box)[2], x), std::max((*box)[3], y)};
    }
  return box;
}

// Opacity of a pixel as GraphicsMagick keeps it: 0 opaque, 1 transparent.
double opacity(const imaging::encoded_image& image, unsigned x, unsigned y) {
  return pixel(image, x, y).alpha();
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

BOOST_AUTO_TEST_CASE(crop_at_a_gravity_takes_the_region_there) {
  auto middle = run(target(), image_format::png, "crop 32 24 center");
  check_size(middle, 32, 24);
  for (auto [x, y] : {std::pair{0U, 0U}, {31U, 0U}, {0U, 23U}, {31U, 23U}})
    BOOST_TEST(is_black(pixel(middle, x, y)), x << "," << y);
  auto wider = run(target(), image_format::png, "crop 34 26 center");
  BOOST_TEST(is_white(pixel(wider, 0, 0)));
  BOOST_TEST(is_black(pixel(wider, 1, 1)));
  BOOST_TEST(is_white(pixel(wider, 33, 25)));
  BOOST_TEST(is_black(pixel(wider, 32, 24)));
  auto corner = run(target(), image_format::png, "crop 20 16 southeast");
  check_size(corner, 20, 16);
  BOOST_TEST(is_black(pixel(corner, 0, 0)));   // (44,32) of the target
  BOOST_TEST(is_white(pixel(corner, 19, 15))); // its bottom-right corner
  BOOST_TEST(is_white(pixel(corner, 4, 0)));   // (48,32): right of the rectangle
  check_size(run(target(), image_format::png, "crop 100 10 north"), 64, 10); // clipped
  BOOST_TEST(is_green(pixel(on_sample("crop 10 10 northwest"), 5, 5)));
}

BOOST_AUTO_TEST_CASE(crop_sizes_in_percent_of_the_input) {
  auto half = run(target(), image_format::png, "crop 50% 50% center");
  check_size(half, 32, 24);
  BOOST_TEST(is_black(pixel(half, 0, 0)));
  BOOST_TEST(is_black(pixel(half, 31, 23)));
  auto at_offset = run(target(), image_format::png, "crop 50% 50% 10 10");
  check_size(at_offset, 32, 24);
  BOOST_TEST(is_white(pixel(at_offset, 5, 1)));                                // (15,11)
  BOOST_TEST(is_black(pixel(at_offset, 6, 2)));                                // (16,12)
  check_size(run(target(), image_format::png, "crop 33% 33% center"), 21, 16); // rounded
  check_size(run(target(), image_format::png, "crop 1% 1% center"), 1, 1);     // at least 1
  check_size(run(target(), image_format::png, "crop 100% 50% 60 40"), 4, 8);   // clipped
}

BOOST_AUTO_TEST_CASE(extend_places_the_image_at_its_gravity_on_the_color) {
  std::string red = framed(20, 10, "red", "red", 0, 0, 1, 1);
  auto centered = run(red, image_format::png, "extend 40 30");
  check_size(centered, 40, 30);
  BOOST_TEST(is_white(pixel(centered, 9, 9)));
  BOOST_TEST(pixel(centered, 10, 10).red() > 0.9);
  BOOST_TEST(pixel(centered, 29, 19).red() > 0.9);
  BOOST_TEST(is_white(pixel(centered, 30, 20)));
  auto corner = run(red, image_format::png, "extend 40 30 southeast blue");
  BOOST_TEST(pixel(corner, 0, 0).blue() > 0.9);
  BOOST_TEST(pixel(corner, 19, 19).blue() > 0.9);
  BOOST_TEST(pixel(corner, 20, 20).red() > 0.9);
  BOOST_TEST(pixel(corner, 39, 29).red() > 0.9);
  auto hex = run(red, image_format::png, "extend 21 10 west #00ff00");
  BOOST_TEST(pixel(hex, 19, 5).red() > 0.9);
  BOOST_TEST(is_green(pixel(hex, 20, 5)));
}

BOOST_AUTO_TEST_CASE(extend_cuts_at_the_gravity_where_the_image_is_larger) {
  auto cut = run(target(), image_format::png, "extend 32 24");
  check_size(cut, 32, 24);
  BOOST_TEST(is_black(pixel(cut, 0, 0)));
  BOOST_TEST(is_black(pixel(cut, 31, 23)));
  // The same pixels as the centered crop, also for odd differences.
  auto wide = run(target(), image_format::png, "extend 33 100 center red");
  auto cropped = run(target(), image_format::png, "crop 33 48 center");
  check_size(wide, 33, 100);
  for (unsigned x = 0; x < 33; ++x)
    BOOST_TEST(intensity(pixel(wide, x, 40)) == intensity(pixel(cropped, x, 14)), x);
  BOOST_TEST(pixel(wide, 16, 10).red() > 0.9); // the padding above
}

BOOST_AUTO_TEST_CASE(extend_with_a_transparent_color_keeps_alpha_in_png) {
  auto clear = run(target(), image_format::png, "extend 80 60 center transparent");
  BOOST_TEST(opacity(clear, 0, 0) > 0.99);
  BOOST_TEST(opacity(clear, 40, 30) < 0.01);
  BOOST_TEST(is_black(pixel(clear, 40, 30)));
  // #rrggbbaa: the last pair is alpha, as in CSS (80: about half).
  auto half = run(target(), image_format::png, "extend 80 60 northwest #00ff0080");
  BOOST_TEST(std::abs(opacity(half, 79, 59) - 0.5) < 0.01);
  BOOST_TEST(pixel(half, 79, 59).green() > 0.9);
  BOOST_TEST(opacity(half, 0, 0) < 0.01);
  auto opaque = run(target(), image_format::png, "extend 80 60 center #00ff00ff");
  BOOST_TEST(opacity(opaque, 0, 0) < 0.01);
}

BOOST_AUTO_TEST_CASE(trim_removes_the_border) {
  auto trimmed = run(target(), image_format::png, "trim");
  check_size(trimmed, 32, 24);
  BOOST_TEST(is_black(pixel(trimmed, 0, 0)));
  BOOST_TEST(is_black(pixel(trimmed, 31, 23)));
  // An image of one color has no border to remove: it stays as it is.
  check_size(run(framed(30, 20, "white", "white", 0, 0, 1, 1), image_format::png, "trim"), 30, 20);
  // The size trim finds is what the next operation starts from.
  check_size(run(target(), image_format::png, "trim\nresize 16 16"), 16, 12);
  check_size(run(target(), image_format::png, "trim\nextend 40 30\ntrim"), 32, 24);
}

BOOST_AUTO_TEST_CASE(trim_with_fuzz_removes_a_noisy_border) {
  Magick::Image noisy(Magick::Geometry(64, 48), Magick::Color("white"));
  noisy.fillColor(Magick::Color("black"));
  noisy.draw(Magick::DrawableRectangle(16, 12, 47, 35));
  const char* grays[] = {"gray97", "gray98", "gray99"};
  for (unsigned i = 0; i < 40; ++i) // specks near white, away from the corners
    noisy.pixelColor(2 + (i * 7) % 60, 2 + (i * 5) % 9, Magick::Color(grays[i % 3]));
  std::string png = test_images::encode(noisy, image_format::png);
  auto exact = run(png, image_format::png, "trim");
  BOOST_TEST(exact.height > 24u); // the specks count as content
  auto fuzzy = run(png, image_format::png, "trim 10");
  check_size(fuzzy, 32, 24);
  // The fuzz is the trim's own: a later trim is exact again and keeps a
  // ring of near-white.
  check_size(run(png, image_format::png,
                 "trim 10\nextend 48 36 center #fafafa\nextend 64 48 center white\ntrim"),
             48, 36);
}

BOOST_AUTO_TEST_CASE(annotate_draws_in_the_gravitys_corner_only) {
  std::string black = framed(200, 100, "black", "black", 0, 0, 1, 1);
  auto south_east = run(black, image_format::png, "annotate \"Hello\"");
  auto box = bright_box(south_east);
  BOOST_REQUIRE(box.has_value());
  BOOST_TEST((*box)[0] > 100u);     // right half
  BOOST_TEST((*box)[1] > 50u);      // bottom half
  BOOST_TEST((*box)[2] < 200u - 6); // a quarter of 24 from the edges
  BOOST_TEST((*box)[3] < 100u - 6);
  auto north_west = run(black, image_format::png, "annotate \"Hello\" northwest 24");
  box = bright_box(north_west);
  BOOST_REQUIRE(box.has_value());
  BOOST_TEST((*box)[0] >= 6u); // below the top, not cut off above it
  BOOST_TEST((*box)[1] >= 6u);
  BOOST_TEST((*box)[2] < 100u);
  BOOST_TEST((*box)[3] < 50u);
  auto center = run(black, image_format::png, "annotate \"Hi\" center 40 yellow");
  box = bright_box(center);
  BOOST_REQUIRE(box.has_value());
  BOOST_TEST(std::abs(((*box)[0] + (*box)[2]) / 2.0 - 100) < 6);
  BOOST_TEST(std::abs(((*box)[1] + (*box)[3]) / 2.0 - 50) < 10);
}

BOOST_AUTO_TEST_CASE(annotate_shadow_keeps_text_readable_on_its_own_color) {
  std::string white = framed(200, 100, "white", "white", 0, 0, 1, 1);
  Magick::Image result =
      test_images::decode(run(white, image_format::png, "annotate \"Hello\" center 40").bytes);
  bool dark = false;
  for (unsigned y = 0; y < 100; ++y)
    for (unsigned x = 0; x < 200; ++x)
      dark = dark || intensity(result.pixelColor(x, y)) < 0.2;
  BOOST_TEST(dark); // the black shadow of the white text
}

BOOST_AUTO_TEST_CASE(annotate_fills_placeholders_from_the_context) {
  std::string black = framed(300, 60, "black", "black", 0, 0, 1, 1);
  imaging::operations::operation_context first{"img_first", 1700000000123, {{"line", "3"}}, {}};
  imaging::operations::operation_context second = first;
  second.image_id = "img_other";
  const char* command = "annotate \"{id} at {created}\" west 16";
  auto drawn = [&](const std::string& text_command,
                   const imaging::operations::operation_context& context) {
    return test_images::decode(run(black, image_format::png, text_command, context).bytes)
        .signature();
  };
  std::string a = drawn(command, first);
  BOOST_TEST(drawn(command, first) == a);
  BOOST_TEST(drawn(command, second) != a);
  // The text drawn is the filled one.
  BOOST_TEST(drawn("annotate \"img_first at 2023-11-14T22:13:20.123Z\" west 16", second) == a);
  // Only absent labels: nothing is drawn.
  auto blank = run(black, image_format::png, "annotate \"{label:station}\"", first);
  BOOST_TEST(!bright_box(blank).has_value());
  BOOST_TEST(
      bright_box(run(black, image_format::png, "annotate \"{label:line}\"", first)).has_value());
}

BOOST_AUTO_TEST_CASE(every_listed_color_name_is_known_to_graphicsmagick) {
  imaging::initialize_imaging({});
  for (const auto& name : imaging::operations::color_names()) {
    bool valid = false;
    BOOST_CHECK_NO_THROW(valid = Magick::Color(name).isValid());
    BOOST_TEST(valid, name);
  }
}

BOOST_AUTO_TEST_CASE(sixteen_bit_depth_is_kept) {
  BOOST_REQUIRE(test_images::decode(deep_target()).depth() == 16u);
  for (const char* command :
       {"crop 32 24 center", "crop 50% 50% 0 0", "extend 80 60", "extend 80 60 center #ff000080",
        "extend 32 24 north", "trim", "trim 5", "annotate \"16 bits\" south 12 #ffffff80"}) {
    auto result = run(deep_target(), image_format::png, command);
    BOOST_TEST(test_images::decode(result.bytes).depth() == 16u, command);
  }
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
  for (const char* name : {"jpeg", "png", "webp", "tiff", "gif", "bmp", "avif", "jxl"}) {
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

BOOST_AUTO_TEST_CASE(stats_measures_the_image_where_it_stands) {
  auto first = run(target(), image_format::png, "stats\nresize 32 24\nformat jpeg");
  auto measured = nlohmann::json::parse(first.measurements);
  BOOST_TEST(measured["width"] == 64);
  BOOST_TEST(measured["after"] == nlohmann::json::array());
  BOOST_TEST(measured["luminance_histogram"].size() == 256u);
  // A quarter of the target is black: its shadows are clipped.
  BOOST_TEST(measured["clipped_shadows"].get<double>() == 0.25);
  auto later =
      nlohmann::json::parse(run(target(), image_format::png, "resize 32 24\nstats").measurements);
  BOOST_TEST(later["width"] == 32);
  BOOST_TEST(later["after"] == nlohmann::json::array({"resize"}));
  BOOST_TEST(run(target(), image_format::png, "flip").measurements.empty());
}

BOOST_AUTO_TEST_CASE(a_command_of_only_stats_keeps_the_bytes) {
  auto jpeg = test_images::gradient(image_format::jpeg, 120, 80);
  auto result = run(jpeg, image_format::jpeg, "stats");
  BOOST_TEST(result.bytes == jpeg);
  BOOST_TEST((result.format == image_format::jpeg));
  BOOST_TEST(result.width == 120u);
  BOOST_TEST(!result.measurements.empty());
}

BOOST_AUTO_TEST_CASE(stats_sees_the_full_resolution_of_a_shrunk_jpeg) {
  auto jpeg = test_images::gradient(image_format::jpeg, 1600, 1200);
  auto measured =
      nlohmann::json::parse(run(jpeg, image_format::jpeg, "stats\nthumbnail 100 100").measurements);
  BOOST_TEST(measured["width"] == 1600);
}

namespace {

// A 20x10 red mark with a transparent left half.
std::string half_transparent_mark() {
  Magick::Image mark(Magick::Geometry(20, 10), Magick::Color("red"));
  mark.classType(Magick::DirectClass);
  mark.matte(true);
  mark.modifyImage();
  auto* pixels = mark.getPixels(0, 0, 20, 10);
  for (unsigned y = 0; y < 10; ++y)
    for (unsigned x = 0; x < 10; ++x)
      pixels[y * 20 + x].opacity = TransparentOpacity;
  mark.syncPixels();
  return test_images::encode(mark, image_format::png);
}

imaging::operations::operation_context with_mark(const std::string& id, std::string bytes) {
  imaging::operations::operation_context context;
  context.overlays.push_back({id, std::move(bytes)});
  return context;
}

} // namespace

BOOST_AUTO_TEST_CASE(watermark_draws_another_image_at_the_gravity_with_its_opacity) {
  const std::string id = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
  std::string white = framed(100, 50, "white", "white", 0, 0, 1, 1);
  auto context = with_mark(id, half_transparent_mark());
  // 2 % of the shorter side (50) is a margin of 1 pixel.
  auto full = run(white, image_format::png, "watermark " + id + " northwest 100", context);
  BOOST_TEST(pixel(full, 15, 5).red() > 0.99);
  BOOST_TEST(pixel(full, 15, 5).green() < 0.01);  // the opaque half
  BOOST_TEST(pixel(full, 5, 5).green() > 0.99);   // the transparent half shows the image
  BOOST_TEST(pixel(full, 50, 25).green() > 0.99); // outside the mark
  auto faint = run(white, image_format::png, "watermark " + id + " southeast 50", context);
  auto blended = pixel(faint, 100 - 1 - 5, 50 - 1 - 5);
  BOOST_TEST(blended.green() > 0.45);
  BOOST_TEST(blended.green() < 0.55);
  BOOST_TEST(pixel(faint, 15, 5).green() > 0.99);
}

BOOST_AUTO_TEST_CASE(a_watermark_larger_than_the_image_is_scaled_down_to_fit) {
  const std::string id = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
  auto big_mark = framed(400, 200, "blue", "blue", 0, 0, 1, 1);
  auto result =
      run(target(), image_format::png, "watermark " + id + " center 100", with_mark(id, big_mark));
  check_size(result, 64, 48);
  BOOST_TEST(pixel(result, 32, 24).blue() > 0.99);
}

BOOST_AUTO_TEST_CASE(watermark_images_are_checked_like_inputs) {
  const std::string id = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
  auto truncated = target().substr(0, 40);
  auto broken =
      try_run(target(), image_format::png, "watermark " + id, {}, with_mark(id, truncated));
  BOOST_REQUIRE(!broken.ok());
  BOOST_TEST((broken.error().code == model::error_code::corrupt_image));
  BOOST_TEST(broken.error().message.find(id) != std::string::npos);
  auto absent = try_run(target(), image_format::png, "watermark " + id, {}, {});
  BOOST_REQUIRE(!absent.ok());
  BOOST_TEST((absent.error().code == model::error_code::operation_failed));
}

BOOST_AUTO_TEST_SUITE_END()
