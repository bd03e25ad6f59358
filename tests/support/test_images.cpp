#include "tests/support/test_images.hpp"

#include <zlib.h>

#include "actors/imaging/image_limits.hpp"
#include "actors/imaging/pipeline.hpp"

namespace test_images {

namespace {

void initialize() {
  imaging::initialize_imaging(imaging::image_limits{});
}

void append_u32_be(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out += static_cast<char>((value >> shift) & 0xFF);
}

void append_png_chunk(std::string& out, std::string_view type, std::string_view data) {
  append_u32_be(out, static_cast<std::uint32_t>(data.size()));
  std::string body = std::string(type) + std::string(data);
  out += body;
  append_u32_be(out, static_cast<std::uint32_t>(
                         ::crc32(0, reinterpret_cast<const Bytef*>(body.data()), body.size())));
}

// "Exif\0\0" + a little-endian TIFF stream with one entry: Orientation.
std::string exif_app1(std::uint16_t orientation) {
  const unsigned char tiff[] = {'I',
                                'I',
                                42,
                                0,
                                8,
                                0,
                                0,
                                0, // header
                                1,
                                0, // one entry
                                0x12,
                                0x01,
                                3,
                                0,
                                1,
                                0,
                                0,
                                0, // 274, SHORT, 1
                                static_cast<unsigned char>(orientation),
                                0,
                                0,
                                0, // value
                                0,
                                0,
                                0,
                                0}; // no next IFD
  std::string payload("Exif\0\0", 6);
  payload.append(reinterpret_cast<const char*>(tiff), sizeof tiff);
  std::size_t length = payload.size() + 2;
  return std::string("\xFF\xE1", 2) + static_cast<char>(length >> 8) +
         static_cast<char>(length & 0xFF) + payload;
}

Magick::Image gradient_image(unsigned width, unsigned height, const std::string& top,
                             const std::string& bottom) {
  initialize();
  Magick::Image image;
  image.size(Magick::Geometry(width, height));
  image.read("gradient:" + top + "-" + bottom);
  image.fillColor("#00FF00");
  image.strokeColor("#00FF00");
  image.draw(Magick::DrawableRectangle(0, 0, width / 4.0, height / 4.0));
  return image;
}

} // namespace

std::string gradient(imaging::image_format format, unsigned width, unsigned height,
                     const std::string& top, const std::string& bottom) {
  return encode(gradient_image(width, height, top, bottom), format);
}

std::string jpeg_with_orientation(unsigned width, unsigned height, std::uint16_t orientation) {
  std::string jpeg = gradient(imaging::image_format::jpeg, width, height);
  return jpeg.insert(2, exif_app1(orientation)); // right after SOI
}

std::string tiff_with_orientation(unsigned width, unsigned height, std::uint16_t orientation) {
  Magick::Image image = gradient_image(width, height, "red", "blue");
  image.orientation(static_cast<Magick::OrientationType>(orientation));
  return encode(image, imaging::image_format::tiff);
}

std::string png_claiming(std::uint32_t width, std::uint32_t height) {
  std::string png("\x89PNG\r\n\x1A\n", 8);
  std::string header;
  append_u32_be(header, width);
  append_u32_be(header, height);
  header += std::string("\x08\x02\x00\x00\x00", 5); // 8-bit RGB, no interlace
  append_png_chunk(png, "IHDR", header);
  append_png_chunk(png, "IDAT", std::string("\x78\x9C\x63\x00\x00\x00\x01\x00\x01", 9));
  append_png_chunk(png, "IEND", "");
  return png;
}

Magick::Image decode(std::string_view bytes) {
  initialize();
  Magick::Image image;
  image.read(Magick::Blob(bytes.data(), bytes.size()));
  return image;
}

std::string encode(Magick::Image image, imaging::image_format format) {
  initialize();
  image.magick(imaging::format_name(format));
  Magick::Blob blob;
  image.write(&blob);
  return std::string(static_cast<const char*>(blob.data()), blob.length());
}

} // namespace test_images
