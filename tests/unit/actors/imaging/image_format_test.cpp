#define BOOST_TEST_MODULE imaging
#include <boost/test/unit_test.hpp>

#include "actors/imaging/image_format.hpp"
#include "tests/support/test_images.hpp"

using imaging::detect_format;
using imaging::image_format;
using namespace std::string_literals;

BOOST_AUTO_TEST_SUITE(image_format_tests)

BOOST_AUTO_TEST_CASE(magic_numbers_of_the_six_formats_are_recognised) {
  BOOST_TEST((detect_format("\xFF\xD8\xFF\xE0"s) == image_format::jpeg));
  BOOST_TEST((detect_format("\x89PNG\r\n\x1A\n"s) == image_format::png));
  BOOST_TEST((detect_format("GIF87a"s) == image_format::gif));
  BOOST_TEST((detect_format("GIF89a"s) == image_format::gif));
  BOOST_TEST((detect_format("II*\0"s) == image_format::tiff));
  BOOST_TEST((detect_format("MM\0*"s) == image_format::tiff));
  BOOST_TEST((detect_format("BM"s) == image_format::bmp));
  BOOST_TEST((detect_format("RIFF\0\0\0\0WEBP"s) == image_format::webp));
}

BOOST_AUTO_TEST_CASE(generated_images_are_detected_as_their_format) {
  for (auto format : {image_format::jpeg, image_format::png, image_format::gif, image_format::tiff,
                      image_format::bmp, image_format::webp})
    BOOST_TEST((detect_format(test_images::gradient(format, 32, 24)) == format),
               imaging::format_name(format));
}

BOOST_AUTO_TEST_CASE(other_formats_and_near_misses_are_refused) {
  for (std::string bytes :
       {""s, "\xFF\xD8"s, "\x89PNG\r\n\x1A"s, "GIF88a"s, "II+\0"s, "MM\0+"s, "RIFF\0\0\0\0WAVE"s,
        "RIFF\0\0\0\0WEB"s, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"s,
        "<?xml version=\"1.0\"?><svg/>"s, "push graphic-context\nviewbox 0 0 1 1"s,
        "<?xml version=\"1.0\"?><image><read filename=\"x\"/></image>"s, "%!PS-Adobe-3.0"s,
        "%PDF-1.7"s, "hello, world"s, "P6\n1 1\n255\n"s})
    BOOST_TEST(!detect_format(bytes).has_value(), bytes);
}

BOOST_AUTO_TEST_CASE(names_and_mime_types) {
  BOOST_TEST(imaging::format_name(image_format::webp) == "WEBP");
  BOOST_TEST(imaging::mime_type(image_format::tiff) == "image/tiff");
  BOOST_TEST((imaging::format_from_name("jpeg") == image_format::jpeg));
  BOOST_TEST((imaging::format_from_name("Png") == image_format::png));
  BOOST_TEST((imaging::format_from_name("WEBP") == image_format::webp));
  BOOST_TEST(!imaging::format_from_name("jpg").has_value());
  BOOST_TEST(!imaging::format_from_name("svg").has_value());
  BOOST_TEST(!imaging::format_from_name("").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
