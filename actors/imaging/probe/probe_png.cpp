#include <string>

#include "actors/imaging/probe/crc32.hpp"
#include "actors/imaging/probe/format_probes.hpp"

namespace imaging::probe {

namespace {

constexpr std::uint64_t signature_size = 8;
constexpr std::uint32_t max_chunk_length = 0x7FFFFFFF; // PNG: 2^31 - 1

model::problem png_corrupt(const std::string& detail) {
  return corrupt(image_format::png, detail);
}

// Chunk types are four ASCII letters; anything else is damage, and the type
// ends up in messages, so it must be printable.
bool is_chunk_type(std::string_view type) noexcept {
  for (char c : type)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
      return false;
  return type.size() == 4;
}

// Bit depths allowed for each colour type (PNG 1.2, table 11.1).
bool valid_depth(std::uint8_t color_type, std::uint8_t depth) noexcept {
  switch (color_type) {
  case 0:
    return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
  case 3:
    return depth == 1 || depth == 2 || depth == 4 || depth == 8;
  case 2:
  case 4:
  case 6:
    return depth == 8 || depth == 16;
  default:
    return false;
  }
}

} // namespace

model::outcome<image_header> probe_png(std::string_view bytes) {
  byte_reader reader(bytes);
  // IHDR must come first with 13 bytes of data.
  if (!reader.contains(signature_size, 8 + 13 + 4))
    return png_corrupt("data ends inside the image header (truncated?)");
  if (reader.u32(signature_size, byte_order::big) != 13 || reader.view(12, 4) != "IHDR")
    return png_corrupt("the first chunk is not a 13-byte IHDR");
  image_header header = header_of(image_format::png, reader.u32(16, byte_order::big),
                                  reader.u32(20, byte_order::big));
  if (header.width > max_chunk_length || header.height > max_chunk_length)
    return png_corrupt("width or height is over 2^31 - 1");
  if (!valid_depth(reader.u8(25), reader.u8(24)))
    return png_corrupt("invalid colour type " + std::to_string(reader.u8(25)) + " with bit depth " +
                       std::to_string(reader.u8(24)));

  bool have_data = false;
  for (std::uint64_t pos = signature_size;;) {
    if (!reader.contains(pos, 8))
      return png_corrupt("data ends before IEND (truncated?)");
    std::uint32_t length = reader.u32(pos, byte_order::big);
    std::string_view type = reader.view(pos + 4, 4);
    if (!is_chunk_type(type))
      return png_corrupt("invalid chunk type at offset " + std::to_string(pos + 4));
    std::string chunk(type);
    if (length > max_chunk_length || !reader.contains(pos + 8, std::uint64_t{length} + 4))
      return png_corrupt("chunk " + chunk + " runs past the end of the data (truncated?)");
    std::uint32_t stored_crc = reader.u32(pos + 8 + length, byte_order::big);
    if (crc32(reader.view(pos + 4, std::uint64_t{length} + 4)) != stored_crc)
      return png_corrupt("CRC mismatch in chunk " + chunk);
    if (chunk == "IDAT")
      have_data = true;
    if (chunk == "IEND")
      break;
    pos += 8 + std::uint64_t{length} + 4;
  }
  if (!have_data)
    return png_corrupt("no image data (IDAT chunk)");
  return header;
}

} // namespace imaging::probe
