// The formats results are written in: AVIF (libavif), JPEG XL, WebP
// lossless, and which of them keep 16-bit samples. Results are read back by
// the reference decoders (avifdec, djxl) as well as by GraphicsMagick.

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "actors/imaging/image_probe.hpp"
#include "tests/support/temp_directory.hpp"
#include "tests/unit/actors/imaging/pipeline_fixture.hpp"

using imaging::image_format;
using namespace pipeline_fixture;

namespace {

// `bytes` converted by a reference tool: "<tool> <in> <out>" (with
// `output_flag` before <out> when the tool wants one); fails the test when
// the tool does.
std::string converted(const std::string& tool, const std::string& bytes, const std::string& in,
                      const std::string& out, const std::string& output_flag = "") {
  test_support::temp_directory files;
  auto input = (files.path() / in).string();
  auto output = (files.path() / out).string();
  std::ofstream(input, std::ios::binary) << bytes;
  auto command = tool + " " + input + " " + output_flag + " " + output + " >/dev/null 2>&1";
  BOOST_REQUIRE_MESSAGE(std::system(command.c_str()) == 0, command);
  std::ifstream result(output, std::ios::binary);
  return {std::istreambuf_iterator<char>(result), std::istreambuf_iterator<char>()};
}

// 160x120: a horizontal color ramp over a vertical gray ramp, in 16 bits.
std::string deep_photo() {
  Magick::Image image(Magick::Geometry(160, 120), Magick::Color("white"));
  image.classType(Magick::DirectClass);
  image.depth(16);
  image.modifyImage();
  auto* pixels = image.getPixels(0, 0, 160, 120);
  for (unsigned y = 0; y < 120; ++y)
    for (unsigned x = 0; x < 160; ++x) {
      auto& p = pixels[y * 160 + x];
      p.red = static_cast<Magick::Quantum>(x * 65535 / 159);
      p.green = static_cast<Magick::Quantum>(y * 65535 / 119);
      p.blue = static_cast<Magick::Quantum>((x + y) * 65535 / 278);
    }
  image.syncPixels();
  return test_images::encode(image, image_format::png);
}

// The mean absolute difference of two images of one size, 0 to 1.
double difference(const std::string& a, const std::string& b) {
  auto first = test_images::decode(a);
  auto second = test_images::decode(b);
  BOOST_REQUIRE(first.columns() == second.columns() && first.rows() == second.rows());
  first.compare(second);
  return first.normalizedMeanError();
}

unsigned depth_of(const std::string& bytes) {
  return test_images::decode(bytes).depth();
}

} // namespace

BOOST_AUTO_TEST_SUITE(output_formats)

BOOST_AUTO_TEST_CASE(avif_is_written_by_libavif_and_read_by_avifdec) {
  auto source = test_images::gradient(image_format::jpeg, 320, 240);
  auto avif = run(source, image_format::jpeg, "resize 160 120\nformat avif");
  BOOST_TEST((avif.format == image_format::avif));
  BOOST_TEST((imaging::detect_format(avif.bytes) == image_format::avif));
  auto header = imaging::probe_image(avif.bytes, {});
  BOOST_REQUIRE(header.ok());
  BOOST_TEST(header->width == 160u);
  BOOST_TEST(header->height == 120u);
  auto png = converted("avifdec", avif.bytes, "out.avif", "back.png");
  BOOST_TEST(test_images::decode(png).columns() == 160u);
  BOOST_TEST(difference(png, run(source, image_format::jpeg, "resize 160 120\nformat png").bytes) <
             0.03);
}

BOOST_AUTO_TEST_CASE(avif_quality_trades_size_for_fidelity) {
  auto source = test_images::gradient(image_format::png, 320, 240);
  auto low = run(source, image_format::png, "format avif\nquality 20");
  auto high = run(source, image_format::png, "format avif\nquality 95");
  BOOST_TEST(low.bytes.size() < high.bytes.size());
  auto reference = run(source, image_format::png, "format png").bytes;
  BOOST_TEST(difference(high.bytes, reference) < difference(low.bytes, reference));
}

BOOST_AUTO_TEST_CASE(lossless_webp_and_avif_give_back_every_pixel) {
  // 8 bits per sample, as WebP holds: a JPEG's pixels.
  auto source =
      run(test_images::gradient(image_format::jpeg, 96, 64), image_format::jpeg, "format png")
          .bytes;
  auto png = run(source, image_format::png, "format png").bytes;
  auto webp = run(source, image_format::png, "format webp lossless");
  auto lossy = run(source, image_format::png, "format webp");
  BOOST_TEST(difference(webp.bytes, png) == 0);
  BOOST_TEST(difference(lossy.bytes, png) > 0);
  auto avif = run(source, image_format::png, "format avif lossless");
  BOOST_TEST(difference(avif.bytes, png) == 0);
}

BOOST_AUTO_TEST_CASE(jpeg_and_jpeg_xl_have_no_lossless_mode) {
  for (const char* command : {"format jpeg lossless", "format jxl lossless"}) {
    auto ops = imaging::parse_operations_text(command);
    BOOST_TEST(!ops.ok(), command);
    if (!ops.ok())
      BOOST_TEST(ops.error().message.find("has no lossless mode") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(jpeg_xl_is_read_by_djxl_and_quality_100_still_encodes) {
  auto source = test_images::gradient(image_format::jpeg, 320, 240);
  auto jxl = run(source, image_format::jpeg, "thumbnail 100 100\nformat jxl\nquality 100");
  BOOST_TEST((jxl.format == image_format::jxl));
  BOOST_TEST((imaging::detect_format(jxl.bytes) == image_format::jxl));
  auto png = converted("djxl", jxl.bytes, "out.jxl", "back.png");
  BOOST_TEST(test_images::decode(png).columns() == 100u);
}

BOOST_AUTO_TEST_CASE(heic_results_are_jpeg_unless_a_format_is_named) {
  auto bytes = converted("heif-enc -q 90", test_images::gradient(image_format::png, 64, 48),
                         "in.png", "in.heic", "-o");
  BOOST_TEST((run(bytes, image_format::heic, "resize 32 24").format == image_format::jpeg));
  BOOST_TEST((run(bytes, image_format::heic, "format avif").format == image_format::avif));
}

BOOST_AUTO_TEST_CASE(sixteen_bits_survive_png_tiff_and_jpeg_xl) {
  auto deep = deep_photo();
  BOOST_REQUIRE(depth_of(deep) == 16u);
  for (const char* command :
       {"resize 80 60", "crop 50% 50% center\nformat tiff", "rotate 90\nformat png",
        "extend 200 150\nformat png", "trim\nformat png", "grayscale\nformat png",
        "normalize\nformat tiff", "format jxl\nquality 99"}) {
    auto result = run(deep, image_format::png, command);
    BOOST_TEST(depth_of(result.bytes) == 16u, command);
  }
  auto gray_tiff = run(deep, image_format::png, "grayscale\nformat tiff");
  auto decoded = test_images::decode(gray_tiff.bytes);
  BOOST_TEST(decoded.depth() == 16u);
}

BOOST_AUTO_TEST_CASE(formats_of_eight_bits_say_so) {
  auto deep = deep_photo();
  for (const char* format : {"jpeg", "webp", "gif", "bmp"}) {
    auto result = run(deep, image_format::png, std::string("format ") + format);
    BOOST_TEST(depth_of(result.bytes) == 8u, format);
  }
  // AVIF keeps 10 bits of a deeper image: finer than 8 bits can say.
  auto avif = run(deep, image_format::png, "format avif lossless");
  auto png8 = run(deep, image_format::png, "format bmp");
  auto reference = run(deep, image_format::png, "format png").bytes;
  BOOST_TEST(difference(avif.bytes, reference) < difference(png8.bytes, reference));
}

BOOST_AUTO_TEST_SUITE_END()
