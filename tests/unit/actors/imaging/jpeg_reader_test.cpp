#include <boost/test/unit_test.hpp>

#include <cstdio> // jpeglib.h needs FILE
#include <string>
#include <vector>

#include <jpeglib.h>

#include "actors/imaging/jpeg_reader.hpp"
#include "actors/imaging/pipeline.hpp"
#include "tests/support/test_images.hpp"

using imaging::image_format;
using imaging::jpeg_read_request;
using imaging::read_jpeg;

namespace {

const std::string& full_hd() {
  static const std::string jpeg = test_images::gradient(image_format::jpeg, 1920, 1080);
  return jpeg;
}

jpeg_read_request at_least(std::uint32_t width, std::uint32_t height) {
  jpeg_read_request request;
  request.min_width = width;
  request.min_height = height;
  return request;
}

Magick::Geometry size_of(const Magick::Image& image) {
  return {static_cast<unsigned>(image.columns()), static_cast<unsigned>(image.rows())};
}

/// A valid progressive gray JPEG whose AC coefficients come one per scan
/// (64 scans in all) or, refined, each in two scans (127 in all).
std::string progressive_jpeg(bool refined) {
  constexpr unsigned side = 64;
  std::vector<JSAMPLE> pixels(side * side);
  for (unsigned i = 0; i < pixels.size(); ++i)
    pixels[i] = static_cast<JSAMPLE>((i * 7) % 251);
  std::vector<jpeg_scan_info> scans{{1, {0}, 0, 0, 0, 0}};
  for (int k = 1; k < 64; ++k) {
    if (refined) {
      scans.push_back({1, {0}, k, k, 0, 1});
      scans.push_back({1, {0}, k, k, 1, 0});
    } else {
      scans.push_back({1, {0}, k, k, 0, 0});
    }
  }

  jpeg_compress_struct info{};
  jpeg_error_mgr errors{};
  info.err = jpeg_std_error(&errors);
  jpeg_create_compress(&info);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&info, &buffer, &size);
  info.image_width = side;
  info.image_height = side;
  info.input_components = 1;
  info.in_color_space = JCS_GRAYSCALE;
  jpeg_set_defaults(&info);
  info.scan_info = scans.data();
  info.num_scans = static_cast<int>(scans.size());
  jpeg_start_compress(&info, TRUE);
  while (info.next_scanline < side) {
    JSAMPROW row = pixels.data() + info.next_scanline * side;
    jpeg_write_scanlines(&info, &row, 1);
  }
  jpeg_finish_compress(&info);
  jpeg_destroy_compress(&info);
  std::string jpeg(reinterpret_cast<const char*>(buffer), size);
  std::free(buffer);
  return jpeg;
}

/// Mean difference of two images of one size, 0 (equal) to 1.
double mean_difference(Magick::Image image, const Magick::Image& reference) {
  image.compare(reference);
  return image.normalizedMeanError();
}

} // namespace

BOOST_AUTO_TEST_SUITE(jpeg_reader_tests)

BOOST_AUTO_TEST_CASE(the_smallest_eighth_that_covers_the_request_is_decoded) {
  imaging::initialize_imaging({});
  BOOST_TEST(std::string(size_of(*read_jpeg(full_hd(), {}))) == "1920x1080");
  BOOST_TEST(std::string(size_of(*read_jpeg(full_hd(), at_least(1024, 576)))) == "1200x675");
  BOOST_TEST(std::string(size_of(*read_jpeg(full_hd(), at_least(240, 135)))) == "240x135");
  BOOST_TEST(std::string(size_of(*read_jpeg(full_hd(), at_least(241, 10)))) == "480x270");
  BOOST_TEST(std::string(size_of(*read_jpeg(full_hd(), at_least(10, 136)))) == "480x270");
  BOOST_TEST(std::string(size_of(*read_jpeg(full_hd(), at_least(1919, 1)))) == "1920x1080");
}

BOOST_AUTO_TEST_CASE(full_size_pixels_match_graphicsmagicks_decoder) {
  auto ours = read_jpeg(full_hd(), {});
  BOOST_REQUIRE(ours.has_value());
  BOOST_TEST(mean_difference(*ours, test_images::decode(full_hd())) < 0.002);
}

BOOST_AUTO_TEST_CASE(gray_decoding_matches_a_grayscale_conversion) {
  jpeg_read_request request;
  request.gray = true;
  auto ours = read_jpeg(full_hd(), request);
  BOOST_REQUIRE(ours.has_value());
  Magick::ColorRGB corner = ours->pixelColor(10, 10); // the green block
  BOOST_TEST(corner.red() == corner.green());
  BOOST_TEST(corner.green() == corner.blue());
  auto reference = test_images::decode(full_hd());
  reference.type(Magick::GrayscaleType);
  BOOST_TEST(mean_difference(*ours, reference) < 0.01);
}

BOOST_AUTO_TEST_CASE(the_orientation_and_resolution_are_recorded) {
  jpeg_read_request request;
  request.orientation = 6;
  auto ours = read_jpeg(test_images::jpeg_with_orientation(64, 48, 6), request);
  BOOST_REQUIRE(ours.has_value());
  BOOST_TEST(ours->orientation() == Magick::RightTopOrientation);

  Magick::Image dense = test_images::decode(full_hd());
  dense.resolutionUnits(Magick::PixelsPerInchResolution);
  dense.density(Magick::Geometry(300, 300));
  auto decoded = read_jpeg(test_images::encode(dense, image_format::jpeg), {});
  BOOST_REQUIRE(decoded.has_value());
  BOOST_TEST(decoded->resolutionUnits() == Magick::PixelsPerInchResolution);
  BOOST_TEST(decoded->xResolution() == 300.0);
}

BOOST_AUTO_TEST_CASE(progressive_jpegs_decode) {
  Magick::Image image = test_images::decode(full_hd());
  image.interlaceType(Magick::LineInterlace);
  auto progressive = test_images::encode(image, image_format::jpeg);
  auto ours = read_jpeg(progressive, at_least(480, 270));
  BOOST_REQUIRE(ours.has_value());
  BOOST_TEST(std::string(size_of(*ours)) == "480x270");
}

BOOST_AUTO_TEST_CASE(progressive_jpegs_with_too_many_scans_are_declined) {
  auto in_64_scans = read_jpeg(progressive_jpeg(false), {});
  BOOST_REQUIRE(in_64_scans.has_value());
  BOOST_TEST(std::string(size_of(*in_64_scans)) == "64x64");
  auto in_127_scans = progressive_jpeg(true);
  BOOST_TEST(!read_jpeg(in_127_scans, {}).has_value());
  // ...and GraphicsMagick, which decodes it next, refuses it as well.
  BOOST_CHECK_THROW(test_images::decode(in_127_scans), Magick::ErrorCorruptImage);
}

// These are left to GraphicsMagick, whose errors name the problem.
BOOST_AUTO_TEST_CASE(cmyk_and_damaged_data_are_declined) {
  Magick::Image cmyk = test_images::decode(full_hd());
  cmyk.colorSpace(Magick::CMYKColorspace);
  BOOST_TEST(!read_jpeg(test_images::encode(cmyk, image_format::jpeg), {}).has_value());

  const std::string& jpeg = full_hd();
  auto cut_scan = jpeg.substr(0, jpeg.size() / 2) + jpeg.substr(jpeg.size() - 2);
  BOOST_TEST(!read_jpeg(cut_scan, {}).has_value());
  BOOST_TEST(!read_jpeg(jpeg.substr(0, jpeg.size() / 2), {}).has_value());
  BOOST_TEST(!read_jpeg(jpeg.substr(0, 300), {}).has_value());
  BOOST_TEST(!read_jpeg("not a jpeg", {}).has_value());
  BOOST_TEST(!read_jpeg("", {}).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
