#include <boost/test/unit_test.hpp>

#include "actors/imaging/decode_hint.hpp"
#include "actors/imaging/operation_parser.hpp"

using imaging::decode_size;
using imaging::image_format;
using imaging::image_header;

namespace {

image_header jpeg(std::uint32_t width, std::uint32_t height, std::uint16_t orientation = 1) {
  image_header header;
  header.format = image_format::jpeg;
  header.width = width;
  header.height = height;
  header.orientation = orientation;
  return header;
}

std::optional<decode_size> hint(const image_header& header, std::string_view text) {
  auto ops = imaging::parse_operations_text(text);
  BOOST_REQUIRE(ops.ok());
  return imaging::jpeg_decode_hint(header, *ops);
}

} // namespace

BOOST_AUTO_TEST_SUITE(decode_hint_tests)

BOOST_AUTO_TEST_CASE(resize_and_thumbnail_hint_their_result) {
  BOOST_TEST((hint(jpeg(4000, 3000), "resize 320 240") == decode_size{320, 240}));
  BOOST_TEST((hint(jpeg(4000, 3000), "thumbnail 256 256") == decode_size{256, 192}));
  BOOST_TEST((hint(jpeg(4000, 3000), "resize 4000 10") == decode_size{13, 10}));
  BOOST_TEST((hint(jpeg(4000, 2999), "resize 320 240") == decode_size{320, 240}));
}

BOOST_AUTO_TEST_CASE(ops_that_need_no_full_resolution_may_come_first) {
  BOOST_TEST((hint(jpeg(4000, 3000), "strip\ngrayscale\nformat png\nquality 50\nresize 320 240") ==
              decode_size{320, 240}));
}

BOOST_AUTO_TEST_CASE(autoorient_of_a_turned_image_swaps_the_hint) {
  // Stored 4000x3000, shown 3000x4000: the fit gives 180x240 upright,
  // which is 240x180 in the stored frame the decoder sees.
  BOOST_TEST((hint(jpeg(4000, 3000, 6), "autoorient\nresize 320 240") == decode_size{240, 180}));
  BOOST_TEST((hint(jpeg(4000, 3000, 8), "autoorient\nthumbnail 320 240") == decode_size{240, 180}));
  BOOST_TEST((hint(jpeg(4000, 3000, 3), "autoorient\nresize 320 240") == decode_size{320, 240}));
  // Without autoorient the resize works on the stored frame.
  BOOST_TEST((hint(jpeg(4000, 3000, 6), "resize 320 240") == decode_size{320, 240}));
}

BOOST_AUTO_TEST_CASE(no_hint_when_it_would_not_shrink) {
  BOOST_TEST(!hint(jpeg(640, 480), "resize 1280 960").has_value());
  BOOST_TEST(!hint(jpeg(640, 480), "resize 640 480").has_value());
  BOOST_TEST(!hint(jpeg(640, 480), "thumbnail 1000 1000").has_value());
  BOOST_TEST(!hint(jpeg(640, 480), "resize 640 10000").has_value()); // 640x480 again
}

BOOST_AUTO_TEST_CASE(no_hint_after_an_op_that_needs_full_resolution) {
  for (const char* first :
       {"flip", "flop", "crop 100 100 0 0", "crop 50% 50% center", "extend 5000 4000", "trim",
        "annotate x", "rotate 90", "normalize", "equalize", "blur 1", "sharpen 1", "gamma 2",
        "brightness 50", "threshold 50", "negate"})
    BOOST_TEST(!hint(jpeg(4000, 3000), std::string(first) + "\nresize 320 240").has_value(), first);
  BOOST_TEST(!hint(jpeg(4000, 3000), "grayscale\nnegate").has_value());
}

BOOST_AUTO_TEST_CASE(no_hint_for_other_formats_or_invalid_ops) {
  image_header png = jpeg(4000, 3000);
  png.format = image_format::png;
  BOOST_TEST(!hint(png, "resize 320 240").has_value());
  BOOST_TEST(!imaging::jpeg_decode_hint(jpeg(4000, 3000), {{"resize", {"320"}}}).has_value());
  BOOST_TEST(!imaging::jpeg_decode_hint(jpeg(4000, 3000), {}).has_value());
}

std::optional<imaging::direct_jpeg_plan> direct(const image_header& header, std::string_view text) {
  auto ops = imaging::parse_operations_text(text);
  BOOST_REQUIRE(ops.ok());
  return imaging::direct_jpeg_decode(header, *ops);
}

BOOST_AUTO_TEST_CASE(direct_decoding_serves_pipelines_that_drop_metadata) {
  auto normalize = direct(jpeg(1920, 1080, 6),
                          "autoorient\nresize 1024 1024\ngrayscale\nnormalize\nstrip\nquality 85");
  BOOST_REQUIRE(normalize.has_value());
  BOOST_TEST((normalize->at_least == decode_size{1024, 576}));
  BOOST_TEST(normalize->gray);

  auto thumbnail = direct(jpeg(4000, 3000), "autoorient\nthumbnail 256 256");
  BOOST_REQUIRE(thumbnail.has_value());
  BOOST_TEST((thumbnail->at_least == decode_size{256, 192}));
  BOOST_TEST(!thumbnail->gray);

  auto gray_only = direct(jpeg(640, 480), "strip\ngrayscale");
  BOOST_REQUIRE(gray_only.has_value());
  BOOST_TEST(!gray_only->at_least.has_value());
  BOOST_TEST(gray_only->gray);
}

BOOST_AUTO_TEST_CASE(no_direct_decoding_when_it_would_lose_metadata_or_gain_nothing) {
  BOOST_TEST(!direct(jpeg(4000, 3000), "resize 320 240\ngrayscale").has_value());
  BOOST_TEST(!direct(jpeg(4000, 3000), "strip\nnormalize").has_value());
  // Gray only after an operation that may tell colors apart: not gray.
  BOOST_TEST(!direct(jpeg(640, 480), "strip\nequalize\ngrayscale").has_value());
  auto late_gray = direct(jpeg(4000, 3000), "strip\nresize 320 240\nequalize\ngrayscale");
  BOOST_REQUIRE(late_gray.has_value());
  BOOST_TEST(!late_gray->gray);
  image_header png = jpeg(4000, 3000);
  png.format = image_format::png;
  BOOST_TEST(!direct(png, "strip\nresize 320 240").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
