#define BOOST_TEST_MODULE imaging
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "actors/imaging/image_format.hpp"
#include "tests/support/test_images.hpp"
#include "tests/unit/actors/imaging/corpus_images.hpp"

using imaging::detect_format;
using imaging::image_format;
using namespace std::string_literals;

namespace {

std::string be32(std::uint32_t value) {
  std::string bytes;
  for (int shift = 24; shift >= 0; shift -= 8)
    bytes += static_cast<char>((value >> shift) & 0xFF);
  return bytes;
}

// An ftyp box: major brand, minor version 0, compatible brands.
std::string ftyp(const std::string& major, const std::string& compatible = "") {
  return be32(static_cast<std::uint32_t>(16 + compatible.size())) + "ftyp" + major + be32(0) +
         compatible;
}

} // namespace

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

BOOST_AUTO_TEST_CASE(heif_brands_tell_heic_from_avif) {
  BOOST_TEST((detect_format(ftyp("heic", "mif1heic")) == image_format::heic));
  BOOST_TEST((detect_format(ftyp("mif1", "heic")) == image_format::heic));
  BOOST_TEST((detect_format(ftyp("mif1")) == image_format::heic)); // generic HEIF
  BOOST_TEST((detect_format(ftyp("msf1", "hevc")) == image_format::heic));
  BOOST_TEST((detect_format(ftyp("heix")) == image_format::heic));
  BOOST_TEST((detect_format(ftyp("avif", "avifmif1miaf")) == image_format::avif));
  BOOST_TEST((detect_format(ftyp("avis", "msf1")) == image_format::avif));
  // AVIF wins wherever its brand appears, even after HEIF brands.
  BOOST_TEST((detect_format(ftyp("mif1", "heicmiafavif")) == image_format::avif));
  BOOST_TEST((detect_format(ftyp("heic", "avis")) == image_format::avif));
}

BOOST_AUTO_TEST_CASE(jpeg_xl_codestream_and_container_are_recognised) {
  BOOST_TEST((detect_format("\xFF\x0A\x00"s) == image_format::jxl));
  BOOST_TEST((detect_format("\0\0\0\x0CJXL \r\n\x87\n"s) == image_format::jxl));
  BOOST_TEST(!detect_format("\0\0\0\x0CJXL \r\n\x87\x0B"s).has_value());
  BOOST_TEST(!detect_format("\xFF\x0B"s).has_value());
}

BOOST_AUTO_TEST_CASE(other_iso_media_files_are_refused) {
  // The major brand decides: compatible brands only tell AVIF from HEIC.
  for (std::string bytes :
       {ftyp("isom", "iso2mp41"), ftyp("mp42"), ftyp("qt  "), ftyp("crx "), ftyp("jxl ", "jxl "),
        ftyp("M4A ", "M4A mp42isom"), ftyp("isom", "avifmif1heic"), ftyp("heic").substr(0, 11)})
    BOOST_TEST(!detect_format(bytes).has_value(), bytes);
  std::string too_small = ftyp("heic");
  too_small[3] = 12; // an ftyp box cannot hold its major brand and version
  BOOST_TEST(!detect_format(too_small).has_value());
}

// Uploads are refused after their first format_signature_bytes when those
// are no accepted format: the whole file must get the same verdict.
BOOST_AUTO_TEST_CASE(a_stream_prefix_gets_the_verdict_of_the_whole_file) {
  std::vector<std::string> files{ftyp("isom", "avif"), ftyp("mp42"), ftyp("mif1", "avif"),
                                 ftyp("avis"), ftyp("heix", "mif1")};
  for (const char* name :
       {"valid.heic", "valid.avif", "valid.jxl", "orientation-6.jxl", "orientation-6.heic",
        "heif-no-meta.heic", "jxl-no-codestream.jxl", "random.bin", "plain.txt", "document.pdf",
        "xxe.svg", "tragick.mvg", "wrong-magic.png", "valid.jpg", "valid.webp", "valid.tif"})
    files.push_back(corpus_images::read(name));
  for (const auto& file : files)
    BOOST_TEST(detect_format(file.substr(0, imaging::format_signature_bytes)).has_value() ==
                   detect_format(file).has_value(),
               file.substr(0, imaging::format_signature_bytes));
  // Only the whole file tells AVIF from HEIC when the major brand is generic.
  BOOST_TEST((detect_format(ftyp("mif1", "avif").substr(0, imaging::format_signature_bytes)) ==
              image_format::heic));
}

// Brands past the first 64 bytes are not read.
BOOST_AUTO_TEST_CASE(brands_past_64_bytes_do_not_count) {
  std::string brands;
  while (16 + brands.size() < 64)
    brands += "miaf";
  BOOST_TEST((detect_format(ftyp("mif1", brands + "avif")) == image_format::heic));
  BOOST_TEST((detect_format(ftyp("mif1", brands.substr(4) + "avif")) == image_format::avif));
}

BOOST_AUTO_TEST_CASE(files_of_the_reference_encoders_are_detected) {
  BOOST_TEST((detect_format(corpus_images::read("valid.heic")) == image_format::heic));
  BOOST_TEST((detect_format(corpus_images::read("valid.avif")) == image_format::avif));
  BOOST_TEST((detect_format(corpus_images::read("valid.jxl")) == image_format::jxl));
  BOOST_TEST((detect_format(corpus_images::read("orientation-6.jxl")) == image_format::jxl));
}

BOOST_AUTO_TEST_CASE(names_and_mime_types) {
  BOOST_TEST(imaging::format_name(image_format::webp) == "WEBP");
  BOOST_TEST(imaging::mime_type(image_format::tiff) == "image/tiff");
  BOOST_TEST((imaging::format_from_name("jpeg") == image_format::jpeg));
  BOOST_TEST((imaging::format_from_name("Png") == image_format::png));
  BOOST_TEST((imaging::format_from_name("WEBP") == image_format::webp));
  BOOST_TEST((imaging::format_from_name("heic") == image_format::heic));
  BOOST_TEST((imaging::format_from_name("HEIF") == image_format::heic));
  BOOST_TEST((imaging::format_from_name("avif") == image_format::avif));
  BOOST_TEST((imaging::format_from_name("jxl") == image_format::jxl));
  BOOST_TEST(imaging::format_name(image_format::heic) == "HEIC");
  BOOST_TEST(imaging::format_name(image_format::avif) == "AVIF");
  BOOST_TEST(imaging::format_name(image_format::jxl) == "JXL");
  BOOST_TEST(imaging::mime_type(image_format::heic) == "image/heic");
  BOOST_TEST(imaging::mime_type(image_format::avif) == "image/avif");
  BOOST_TEST(imaging::mime_type(image_format::jxl) == "image/jxl");
  BOOST_TEST(!imaging::format_from_name("jpg").has_value());
  BOOST_TEST(!imaging::format_from_name("svg").has_value());
  BOOST_TEST(!imaging::format_from_name("").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
