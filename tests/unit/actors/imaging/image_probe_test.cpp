#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "actors/imaging/image_probe.hpp"
#include "tests/support/test_images.hpp"

using imaging::image_format;
using imaging::image_limits;
using imaging::probe_image;
using model::error_code;

namespace {

const image_format all_formats[] = {image_format::jpeg, image_format::png, image_format::gif,
                                    image_format::tiff, image_format::bmp, image_format::webp};

// The problem of probing `bytes`; fails the test when the probe succeeds.
model::problem probe_failure(const std::string& bytes, const image_limits& limits = {}) {
  auto header = probe_image(bytes, limits);
  BOOST_REQUIRE(!header.ok());
  return header.error();
}

void check_corrupt(const std::string& bytes, const std::string& message) {
  auto problem = probe_failure(bytes);
  BOOST_TEST((problem.code == error_code::corrupt_image));
  BOOST_TEST(problem.message == message);
}

void put_u32_le(std::string& bytes, std::size_t offset, std::uint32_t value) {
  for (int i = 0; i < 4; ++i)
    bytes[offset + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

struct gif_frame {
  std::uint16_t left = 0;
  std::uint16_t top = 0;
  std::uint16_t width = 0;
  std::uint16_t height = 0;
};

void put_u16_le(std::string& bytes, std::uint16_t value) {
  bytes += static_cast<char>(value & 0xFF);
  bytes += static_cast<char>(value >> 8);
}

// A GIF written byte by byte, so that frames can claim any size: no colour
// tables, a comment extension before each frame and one byte of image data.
std::string gif_with_frames(std::uint16_t screen_width, std::uint16_t screen_height,
                            const std::vector<gif_frame>& frames) {
  std::string gif = "GIF89a";
  put_u16_le(gif, screen_width);
  put_u16_le(gif, screen_height);
  gif += std::string("\0\0\0", 3); // flags, background, aspect
  for (const auto& frame : frames) {
    gif += std::string("\x21\xFE\x02hi\0", 6);
    gif += '\x2C';
    for (auto value : {frame.left, frame.top, frame.width, frame.height})
      put_u16_le(gif, value);
    gif += std::string("\0\x02\x01\x44\0", 5); // flags, code size, data
  }
  return gif + "\x3B";
}

std::string webp_with(const char* key, const char* value) {
  Magick::Image image = test_images::decode(test_images::gradient(image_format::png, 640, 480));
  image.defineValue("webp", key, value);
  return test_images::encode(image, image_format::webp);
}

} // namespace

BOOST_AUTO_TEST_SUITE(image_probe_tests)

BOOST_AUTO_TEST_CASE(dimensions_of_all_six_formats) {
  for (auto format : all_formats) {
    auto header = probe_image(test_images::gradient(format, 640, 480), {});
    BOOST_TEST_CONTEXT(imaging::format_name(format)) {
      BOOST_REQUIRE(header.ok());
      BOOST_TEST((header->format == format));
      BOOST_TEST(header->width == 640u);
      BOOST_TEST(header->height == 480u);
      BOOST_TEST(header->orientation == 1);
    }
  }
}

BOOST_AUTO_TEST_CASE(big_endian_tiff) {
  Magick::Image image = test_images::decode(test_images::gradient(image_format::png, 300, 200));
  image.endian(Magick::MSBEndian);
  std::string tiff = test_images::encode(image, image_format::tiff);
  BOOST_REQUIRE(tiff.substr(0, 2) == "MM");
  auto header = probe_image(tiff, {});
  BOOST_REQUIRE(header.ok());
  BOOST_TEST(header->width == 300u);
  BOOST_TEST(header->height == 200u);
}

BOOST_AUTO_TEST_CASE(webp_lossless_and_extended_variants) {
  std::string lossless = webp_with("lossless", "true");
  BOOST_REQUIRE(lossless.substr(12, 4) == "VP8L");
  std::string extended = test_images::encode(
      [] {
        Magick::Image image =
            test_images::decode(test_images::gradient(image_format::png, 640, 480));
        image.transparent(Magick::Color("#00FF00")); // alpha needs the extended layout
        return image;
      }(),
      image_format::webp);
  BOOST_REQUIRE(extended.substr(12, 4) == "VP8X");
  for (const auto& bytes : {lossless, extended}) {
    auto header = probe_image(bytes, {});
    BOOST_REQUIRE(header.ok());
    BOOST_TEST(header->width == 640u);
    BOOST_TEST(header->height == 480u);
  }
}

BOOST_AUTO_TEST_CASE(top_down_bmp_has_a_positive_height) {
  std::string bmp = test_images::gradient(image_format::bmp, 64, 48);
  put_u32_le(bmp, 22, static_cast<std::uint32_t>(-48));
  auto header = probe_image(bmp, {});
  BOOST_REQUIRE(header.ok());
  BOOST_TEST(header->height == 48u);
}

BOOST_AUTO_TEST_CASE(exif_orientation_of_jpeg_and_tiff) {
  for (std::uint16_t orientation = 1; orientation <= 8; ++orientation) {
    auto jpeg = probe_image(test_images::jpeg_with_orientation(64, 48, orientation), {});
    auto tiff = probe_image(test_images::tiff_with_orientation(64, 48, orientation), {});
    BOOST_REQUIRE(jpeg.ok());
    BOOST_REQUIRE(tiff.ok());
    BOOST_TEST(jpeg->orientation == orientation);
    BOOST_TEST(tiff->orientation == orientation);
    BOOST_TEST(jpeg->width == 64u); // orientation does not change the stored size
  }
}

BOOST_AUTO_TEST_CASE(out_of_range_exif_orientation_reads_as_1) {
  auto header = probe_image(test_images::jpeg_with_orientation(64, 48, 9), {});
  BOOST_REQUIRE(header.ok());
  BOOST_TEST(header->orientation == 1);
}

BOOST_AUTO_TEST_CASE(png_bomb_is_refused_from_its_header_quickly) {
  std::string bomb = test_images::png_claiming(30000, 30000);
  BOOST_TEST(bomb.size() < 100u);
  auto problem = probe_failure(bomb);
  BOOST_TEST((problem.code == error_code::image_too_large));
  BOOST_TEST(problem.message ==
             "image is 30000x30000 = 900000000 pixels, over the limit of 100000000");
  constexpr int rounds = 1000;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < rounds; ++i)
    BOOST_REQUIRE(!probe_image(bomb, {}).ok());
  auto elapsed = std::chrono::steady_clock::now() - start;
  BOOST_TEST(std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count() / rounds <
             100); // well under a millisecond each
}

BOOST_AUTO_TEST_CASE(width_and_height_limits) {
  image_limits limits;
  limits.max_width = 100;
  limits.max_height = 50;
  auto wide = probe_failure(test_images::png_claiming(101, 10), limits);
  BOOST_TEST((wide.code == error_code::image_too_large));
  BOOST_TEST(wide.message == "image is 101x10, width over the limit of 100");
  auto tall = probe_failure(test_images::png_claiming(10, 51), limits);
  BOOST_TEST(tall.message == "image is 10x51, height over the limit of 50");
  BOOST_TEST(probe_image(test_images::png_claiming(100, 50), limits).ok());
}

BOOST_AUTO_TEST_CASE(zero_width_or_height_is_corrupt) {
  check_corrupt(test_images::png_claiming(0, 10), "PNG: zero width or height (0x10)");
  check_corrupt(test_images::png_claiming(10, 0), "PNG: zero width or height (10x0)");
}

BOOST_AUTO_TEST_CASE(anything_but_the_six_formats_is_unsupported) {
  for (std::string bytes : {std::string("<svg xmlns='http://www.w3.org/2000/svg'/>"),
                            std::string("%PDF-1.4"), std::string()}) {
    auto problem = probe_failure(bytes);
    BOOST_TEST((problem.code == error_code::unsupported_media_type));
    BOOST_TEST(problem.message == "not a JPEG, PNG, GIF, TIFF, BMP or WebP image");
  }
}

BOOST_AUTO_TEST_CASE(png_damage_is_named) {
  std::string png = test_images::gradient(image_format::png, 64, 48);
  std::size_t idat = png.find("IDAT");
  std::string flipped = png;
  flipped[idat + 10] = static_cast<char>(flipped[idat + 10] ^ 0x01);
  check_corrupt(flipped, "PNG: CRC mismatch in chunk IDAT");
  check_corrupt(png.substr(0, png.size() - 12), "PNG: data ends before IEND (truncated?)");
  check_corrupt(png.substr(0, idat + 20),
                "PNG: chunk IDAT runs past the end of the data (truncated?)");
  check_corrupt(png.substr(0, 20), "PNG: data ends inside the image header (truncated?)");
}

BOOST_AUTO_TEST_CASE(jpeg_damage_is_named) {
  std::string jpeg = test_images::gradient(image_format::jpeg, 640, 480);
  check_corrupt(jpeg.substr(0, jpeg.size() - 2), "JPEG: missing end of image marker (truncated?)");
  check_corrupt(jpeg.substr(0, jpeg.size() / 2), "JPEG: missing end of image marker (truncated?)");
  check_corrupt(jpeg + "garbage", "JPEG: missing end of image marker (truncated?)");
  std::size_t tables = jpeg.find("\xFF\xDB");
  BOOST_REQUIRE(tables != std::string::npos);
  check_corrupt(jpeg.substr(0, tables + 10),
                "JPEG: segment 0xDB runs past the end of the data (truncated?)");
  check_corrupt(jpeg.substr(0, 2) + "\xFF\xD9", "JPEG: end of image before the first scan");
  BOOST_TEST(probe_image(jpeg + std::string(100, '\0'), {}).ok()); // zero padding is fine
}

BOOST_AUTO_TEST_CASE(every_gif_frame_is_measured_against_the_limits) {
  auto plain = probe_image(gif_with_frames(40, 30, {{0, 0, 40, 30}, {0, 0, 40, 30}}), {});
  BOOST_REQUIRE(plain.ok());
  BOOST_TEST(plain->width == 40u);
  BOOST_TEST(plain->height == 30u);

  image_limits limits;
  limits.max_width = 100;
  auto wide = probe_failure(gif_with_frames(40, 30, {{0, 0, 40, 30}, {0, 0, 300, 20}}), limits);
  BOOST_TEST((wide.code == error_code::image_too_large));
  BOOST_TEST(wide.message == "GIF frame 2 is 300x20, width over the limit of 100");

  auto bomb = probe_failure(gif_with_frames(96, 64, {{0, 0, 30000, 30000}}));
  BOOST_TEST((bomb.code == error_code::image_too_large));
  BOOST_TEST(bomb.message ==
             "GIF frame 1 is 30000x30000 = 900000000 pixels, over the limit of 100000000");
}

BOOST_AUTO_TEST_CASE(a_gif_frame_may_lie_outside_its_screen) {
  auto header = probe_image(gif_with_frames(40, 30, {{60000, 60000, 50, 50}}), {});
  BOOST_REQUIRE(header.ok());
  BOOST_TEST(header->width == 40u);
  BOOST_TEST(header->height == 30u);
}

BOOST_AUTO_TEST_CASE(a_gif_frame_without_pixels_is_corrupt) {
  check_corrupt(gif_with_frames(40, 30, {{0, 0, 40, 30}, {0, 0, 0, 10}}),
                "GIF: frame 2 has zero width or height (0x10)");
}

BOOST_AUTO_TEST_CASE(gif_bmp_webp_tiff_truncation_is_caught) {
  std::string gif = test_images::gradient(image_format::gif, 64, 48);
  check_corrupt(gif.substr(0, gif.size() - 1),
                "GIF: data ends before the trailer 0x3B (truncated?)");
  std::string bmp = test_images::gradient(image_format::bmp, 64, 48);
  auto bmp_problem = probe_failure(bmp.substr(0, bmp.size() - 100));
  BOOST_TEST(bmp_problem.message.find("(truncated?)") != std::string::npos, bmp_problem.message);
  std::string webp = test_images::gradient(image_format::webp, 64, 48);
  auto webp_problem = probe_failure(webp.substr(0, webp.size() - 10));
  BOOST_TEST(webp_problem.message.find("WEBP: RIFF size says") == 0u, webp_problem.message);
  std::string tiff = test_images::gradient(image_format::tiff, 64, 48);
  BOOST_TEST((probe_failure(tiff.substr(0, tiff.size() / 2)).code == error_code::corrupt_image));
}

BOOST_AUTO_TEST_CASE(every_truncation_fails_cleanly) {
  for (auto format : all_formats) {
    std::string bytes = test_images::gradient(format, 40, 30);
    for (std::size_t length = 0; length < bytes.size(); ++length) {
      auto header = probe_image(bytes.substr(0, length), {});
      // TIFF may end with bytes no directory points to; the rest must fail.
      if (format != image_format::tiff)
        BOOST_TEST(!header.ok(), imaging::format_name(format) << " prefix " << length);
    }
  }
}

BOOST_AUTO_TEST_CASE(random_damage_never_crashes) {
  std::mt19937 random(42);
  for (auto format : all_formats) {
    std::string original = test_images::gradient(format, 40, 30);
    for (int round = 0; round < 500; ++round) {
      std::string damaged = original;
      for (int flips = 0; flips < 4; ++flips)
        damaged[random() % damaged.size()] = static_cast<char>(random());
      auto header = probe_image(damaged, {});
      if (header.ok())
        BOOST_TEST(header->width * header->height > 0u);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
