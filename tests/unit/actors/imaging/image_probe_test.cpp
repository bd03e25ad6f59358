#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "actors/imaging/image_probe.hpp"
#include "tests/support/test_images.hpp"
#include "tests/unit/actors/imaging/corpus_images.hpp"

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

std::string big_endian(std::uint64_t value, unsigned bytes) {
  std::string result;
  for (unsigned i = bytes; i-- > 0;)
    result += static_cast<char>((value >> (8 * i)) & 0xFF);
  return result;
}

std::string box(const std::string& type, const std::string& payload) {
  return big_endian(8 + payload.size(), 4) + type + payload;
}

std::string full_box(const std::string& type, std::uint8_t version, std::uint32_t flags,
                     const std::string& payload) {
  return box(type, big_endian(version, 1) + big_endian(flags, 3) + payload);
}

std::string ispe(std::uint32_t width, std::uint32_t height) {
  return full_box("ispe", 0, 0, big_endian(width, 4) + big_endian(height, 4));
}

struct item_reference {
  std::string type;
  std::uint32_t from = 0;
  std::vector<std::uint32_t> to;
};

// A HEIC file written box by box: items 1, 2, ... of `item_types`, each
// with 4 bytes of data in the idat box, and the properties (ipco) and their
// associations (item, 1-based property indexes).
struct heif_spec {
  std::uint32_t primary = 1;
  std::vector<std::string> item_types{"hvc1"};
  std::vector<item_reference> references;
  std::vector<std::string> properties{ispe(64, 48)};
  std::vector<std::pair<std::uint32_t, std::vector<std::uint32_t>>> associations{{1, {1}}};
  bool wide = false; // 32-bit item IDs and counts, 15-bit property indexes

  std::string bytes() const {
    unsigned id_bytes = wide ? 4 : 2;
    std::uint8_t version = wide ? 1 : 0;
    std::string items;
    std::string locations;
    for (std::uint32_t id = 1; id <= item_types.size(); ++id) {
      items += full_box("infe", wide ? 3 : 2, 0,
                        big_endian(id, id_bytes) + big_endian(0, 2) + item_types[id - 1] + '\0');
      locations += big_endian(id, id_bytes) + big_endian(1, 2) + big_endian(0, 2) +
                   big_endian(1, 2) + big_endian(4 * (id - 1), 4) + big_endian(4, 4);
    }
    std::string references_payload;
    for (const auto& reference : references) {
      std::string targets;
      for (auto to : reference.to)
        targets += big_endian(to, id_bytes);
      references_payload += box(reference.type, big_endian(reference.from, id_bytes) +
                                                    big_endian(reference.to.size(), 2) + targets);
    }
    std::string entries;
    for (const auto& [item, indexes] : associations) {
      entries += big_endian(item, id_bytes) + big_endian(indexes.size(), 1);
      for (auto index : indexes)
        entries += big_endian(index, wide ? 2 : 1);
    }
    std::string properties_payload;
    for (const auto& property : properties)
      properties_payload += property;
    std::string meta =
        full_box("hdlr", 0, 0, big_endian(0, 4) + "pict" + std::string(13, '\0')) +
        full_box("pitm", version, 0, big_endian(primary, id_bytes)) +
        full_box("iloc", wide ? 2 : 1, 0,
                 big_endian(0x4400, 2) + big_endian(item_types.size(), id_bytes) + locations) +
        box("idat", std::string(4 * item_types.size(), 'x')) +
        full_box("iinf", version, 0, big_endian(item_types.size(), id_bytes) + items) +
        (references.empty() ? "" : full_box("iref", version, 0, references_payload)) +
        box("iprp", box("ipco", properties_payload) +
                        full_box("ipma", version, wide ? 1 : 0,
                                 big_endian(associations.size(), 4) + entries));
    return box("ftyp", "heic" + big_endian(0, 4) + "mif1heic") + full_box("meta", 0, 0, meta);
  }
};

// A JPEG XL codestream's signature and headers: a SizeHeader with explicit
// 30-bit dimensions, then an ImageMetadata whose extra fields hold
// `orientation`.
std::string jxl_headers(std::uint32_t width, std::uint32_t height, std::uint32_t orientation) {
  std::vector<bool> bits;
  auto put = [&bits](std::uint32_t value, unsigned count) {
    for (unsigned i = 0; i < count; ++i)
      bits.push_back(((value >> i) & 1) != 0);
  };
  put(0, 1); // not small
  put(3, 2); // 30 bits
  put(height - 1, 30);
  put(0, 3); // no ratio: the width follows
  put(3, 2);
  put(width - 1, 30);
  put(0, 1); // not all default
  put(1, 1); // extra fields
  put(orientation - 1, 3);
  std::string bytes = "\xFF\x0A";
  for (std::size_t i = 0; i < bits.size(); i += 8) {
    unsigned byte = 0;
    for (std::size_t j = 0; j < 8 && i + j < bits.size(); ++j)
      byte |= static_cast<unsigned>(bits[i + j]) << j;
    bytes += static_cast<char>(byte);
  }
  return bytes;
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

BOOST_AUTO_TEST_CASE(anything_but_the_accepted_formats_is_unsupported) {
  for (std::string bytes : {std::string("<svg xmlns='http://www.w3.org/2000/svg'/>"),
                            std::string("%PDF-1.4"), std::string()}) {
    auto problem = probe_failure(bytes);
    BOOST_TEST((problem.code == error_code::unsupported_media_type));
    BOOST_TEST(problem.message ==
               "not a JPEG, PNG, GIF, TIFF, BMP, WebP, HEIC, AVIF or JPEG XL image");
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

BOOST_AUTO_TEST_CASE(dimensions_of_heic_avif_and_jpeg_xl_from_the_reference_encoders) {
  for (auto [name, format] :
       {std::pair{"valid.heic", image_format::heic}, std::pair{"valid.avif", image_format::avif},
        std::pair{"valid.jxl", image_format::jxl}}) {
    auto header = probe_image(corpus_images::read(name), {});
    BOOST_TEST_CONTEXT(name) {
      BOOST_REQUIRE(header.ok());
      BOOST_TEST((header->format == format));
      BOOST_TEST(header->width == 96u);
      BOOST_TEST(header->height == 64u);
      BOOST_TEST(header->orientation == 1);
    }
  }
}

// libheif turns and mirrors HEIF images as irot and imir say, and ignores
// their EXIF orientation: the size is the one it decodes to.
BOOST_AUTO_TEST_CASE(heif_sizes_are_as_displayed) {
  for (auto [name, width, height] :
       {std::tuple{"orientation-5.avif", 32u, 48u}, std::tuple{"orientation-6.avif", 32u, 48u},
        std::tuple{"orientation-6.heic", 48u, 32u}}) {
    auto header = probe_image(corpus_images::read(name), {});
    BOOST_TEST_CONTEXT(name) {
      BOOST_REQUIRE(header.ok());
      BOOST_TEST(header->width == width);
      BOOST_TEST(header->height == height);
      BOOST_TEST(header->orientation == 1);
    }
  }
  for (std::uint8_t angle = 0; angle < 4; ++angle) {
    heif_spec spec;
    spec.properties.push_back(box("irot", std::string(1, static_cast<char>(angle))));
    spec.associations = {{1, {1, 2}}};
    auto header = probe_image(spec.bytes(), {});
    BOOST_REQUIRE(header.ok());
    BOOST_TEST(header->width == (angle % 2 == 0 ? 64u : 48u));
  }
}

// The JPEG XL decoder keeps the orientation for autoorient, as with EXIF.
BOOST_AUTO_TEST_CASE(jpeg_xl_orientation_and_explicit_sizes) {
  auto recompressed = probe_image(corpus_images::read("orientation-6.jxl"), {});
  BOOST_REQUIRE(recompressed.ok());
  BOOST_TEST(recompressed->width == 48u);
  BOOST_TEST(recompressed->height == 32u);
  BOOST_TEST(recompressed->orientation == 6);
  for (std::uint32_t orientation = 1; orientation <= 8; ++orientation) {
    auto header = probe_image(jxl_headers(5000, 3, orientation), {});
    BOOST_REQUIRE(header.ok());
    BOOST_TEST(header->width == 5000u);
    BOOST_TEST(header->height == 3u);
    BOOST_TEST(header->orientation == orientation);
  }
}

BOOST_AUTO_TEST_CASE(heif_written_box_by_box) {
  heif_spec narrow;
  auto header = probe_image(narrow.bytes(), {});
  BOOST_REQUIRE(header.ok());
  BOOST_TEST((header->format == image_format::heic));
  BOOST_TEST(header->width == 64u);
  BOOST_TEST(header->height == 48u);
  heif_spec wide;
  wide.wide = true;
  wide.properties.insert(wide.properties.begin(), box("colr", "nclx"));
  wide.associations = {{1, {0, 2, 0x8001}}}; // 0: none; the top bit: essential
  header = probe_image(wide.bytes(), {});
  BOOST_REQUIRE(header.ok());
  BOOST_TEST(header->width == 64u);
}

BOOST_AUTO_TEST_CASE(references_may_branch_but_not_loop) {
  heif_spec grid;
  grid.item_types = {"grid", "hvc1", "hvc1", "hvc1", "Exif"};
  grid.references = {{"dimg", 1, {2, 3}}, {"thmb", 4, {1}}, {"cdsc", 5, {1}}, {"auxl", 4, {2}}};
  BOOST_TEST(probe_image(grid.bytes(), {}).ok());
  for (const auto& loop : std::vector<std::vector<item_reference>>{
           {{"dimg", 1, {1}}},
           {{"dimg", 1, {2}}, {"dimg", 2, {1}}},
           {{"thmb", 2, {3}}, {"auxl", 3, {4}}, {"cdsc", 4, {2}}, {"dimg", 1, {2}}}}) {
    heif_spec spec;
    spec.item_types = {"grid", "hvc1", "hvc1", "hvc1"};
    spec.references = loop;
    check_corrupt(spec.bytes(), "HEIC: item references form a loop");
  }
}

BOOST_AUTO_TEST_CASE(heif_items_and_properties_must_exist) {
  heif_spec missing;
  missing.primary = 3;
  check_corrupt(missing.bytes(), "HEIC: primary item 3 is not in the item list");
  heif_spec bad_index;
  bad_index.associations = {{1, {1}}, {2, {4}}};
  check_corrupt(bad_index.bytes(), "HEIC: item 2 refers to property 4 of 1");
  heif_spec no_size;
  no_size.item_types = {"hvc1", "hvc1"};
  no_size.associations = {{2, {1}}};
  check_corrupt(no_size.bytes(), "HEIC: primary item 1 has no size (ispe property)");
}

BOOST_AUTO_TEST_CASE(hostile_heif_and_jpeg_xl_files_are_named) {
  for (auto [name, message] : {
           std::pair{"heif-iref-loop.heic", "HEIC: item references form a loop"},
           std::pair{"heif-pitm-missing.heic", "HEIC: primary item 7 is not in the item list"},
           std::pair{"heif-ipma-bad-index.heic", "HEIC: item 1 refers to property 5 of 1"},
           std::pair{"heif-no-meta.heic", "HEIC: no meta box"},
           std::pair{"heif-item-data-missing.heic",
                     "HEIC: the data of item 1 lies outside the file (truncated?)"},
           std::pair{"truncated-header.jxl", "JXL: the image header is truncated"},
           std::pair{"jxl-no-codestream.jxl", "JXL: no codestream (jxlc or jxlp box)"},
       })
    BOOST_TEST_CONTEXT(name) {
      check_corrupt(corpus_images::read(name), message);
    }
  for (auto [name, part] : {
           std::pair{"heif-deep-nesting.heic", "is nested deeper than 8 boxes"},
           std::pair{"heif-box-too-small.heic", "HEIC: box ispe at offset "},
           std::pair{"heif-box-past-end.heic", "HEIC: box iinf at offset "},
           std::pair{"heif-64bit-size.heic", "runs past the end of the data (truncated?)"},
           std::pair{"truncated.avif", "AVIF: box meta at offset "},
           std::pair{"truncated-container.jxl", "JXL: box jxlp at offset "},
       }) {
    auto problem = probe_failure(corpus_images::read(name));
    BOOST_TEST((problem.code == error_code::corrupt_image), name);
    BOOST_TEST(problem.message.find(part) != std::string::npos, problem.message);
  }
}

// 2^31 and 2^32 - 1 fit the 32-bit fields; the limits refuse them before
// anything multiplies them.
BOOST_AUTO_TEST_CASE(heif_and_jpeg_xl_bombs_are_too_large) {
  for (auto [bytes, message] : {
           std::pair{corpus_images::read("bomb.heic"),
                     "image is 2147483648x2147483648, width over the limit of 65535"},
           std::pair{corpus_images::read("bomb.avif"),
                     "image is 30000x30000 = 900000000 pixels, over the limit of 100000000"},
           std::pair{corpus_images::read("bomb.jxl"),
                     "image is 2147483648x1073741824, width over the limit of 65535"},
           std::pair{jxl_headers(1u << 30, 1u << 30, 1),
                     "image is 1073741824x1073741824, width over the limit of 65535"},
       }) {
    auto problem = probe_failure(bytes);
    BOOST_TEST((problem.code == error_code::image_too_large));
    BOOST_TEST(problem.message == message);
  }
  heif_spec widest;
  widest.properties = {ispe(0xFFFFFFFF, 0xFFFFFFFF)};
  widest.properties.push_back(box("irot", "\x01"));
  widest.associations = {{1, {1, 2}}};
  BOOST_TEST((probe_failure(widest.bytes()).code == error_code::image_too_large));
  heif_spec empty;
  empty.properties = {ispe(0, 48)};
  check_corrupt(empty.bytes(), "HEIC: zero width or height (0x48)");
}

BOOST_AUTO_TEST_CASE(heif_structure_is_bounded) {
  heif_spec many;
  many.properties.resize(20000, box("free", ""));
  many.properties[0] = ispe(64, 48);
  auto problem = probe_failure(many.bytes());
  BOOST_TEST(problem.message.find("HEIC: more than 16384 boxes") == 0u, problem.message);
  heif_spec associations;
  associations.item_types = std::vector<std::string>(200, "hvc1");
  associations.associations.clear();
  for (std::uint32_t item = 1; item <= 200; ++item)
    associations.associations.push_back({item, std::vector<std::uint32_t>(100, 1)});
  problem = probe_failure(associations.bytes());
  BOOST_TEST(problem.message == "HEIC: more than 16384 property associations");
}

BOOST_AUTO_TEST_CASE(every_truncation_of_heif_and_jpeg_xl_containers_fails) {
  for (const char* name : {"valid.heic", "valid.avif", "orientation-6.heic", "orientation-6.jxl"}) {
    std::string bytes = corpus_images::read(name);
    BOOST_REQUIRE(probe_image(bytes, {}).ok());
    for (std::size_t length = 0; length < bytes.size(); ++length)
      BOOST_TEST(!probe_image(bytes.substr(0, length), {}).ok(), name << " prefix " << length);
  }
  // A bare codestream is checked as far as its headers go; the decoder finds
  // the rest missing.
  std::string codestream = corpus_images::read("valid.jxl");
  for (std::size_t length = 0; length < 4; ++length)
    BOOST_TEST(!probe_image(codestream.substr(0, length), {}).ok(), "prefix " << length);
}

BOOST_AUTO_TEST_CASE(random_damage_to_heif_and_jpeg_xl_never_crashes) {
  std::mt19937 random(42);
  for (const char* name : {"valid.heic", "valid.avif", "orientation-6.jxl", "valid.jxl"}) {
    std::string original = corpus_images::read(name);
    for (int round = 0; round < 2000; ++round) {
      std::string damaged = original;
      for (int flips = 0; flips < 4; ++flips)
        damaged[random() % damaged.size()] = static_cast<char>(random());
      auto header = probe_image(damaged, {});
      if (header.ok())
        BOOST_TEST(std::uint64_t{header->width} * header->height > 0u);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
