#include <string>

#include "actors/imaging/probe/format_probes.hpp"

namespace imaging::probe {

namespace {

constexpr std::uint8_t block_extension = 0x21;
constexpr std::uint8_t block_image = 0x2C;
constexpr std::uint8_t block_trailer = 0x3B;

model::problem gif_corrupt(const std::string& detail) {
  return corrupt(image_format::gif, detail);
}

model::problem truncated() {
  return gif_corrupt("data ends before the trailer 0x3B (truncated?)");
}

// Bytes of the colour table announced by a packed field, 0 when absent.
std::uint64_t color_table_size(std::uint8_t packed) noexcept {
  return (packed & 0x80) ? 3u * (2u << (packed & 7)) : 0;
}

// Moves `pos` past a chain of data sub-blocks ending with an empty one;
// false when the data ends first.
bool skip_sub_blocks(const byte_reader& reader, std::uint64_t& pos) {
  for (;;) {
    if (!reader.contains(pos, 1))
      return false;
    std::uint8_t length = reader.u8(pos);
    pos += 1 + std::uint64_t{length};
    if (length == 0)
      return true;
  }
}

} // namespace

model::outcome<image_header> probe_gif(std::string_view bytes) {
  byte_reader reader(bytes);
  if (!reader.contains(0, 13))
    return gif_corrupt("data ends inside the logical screen descriptor (truncated?)");
  image_header header = header_of(image_format::gif, reader.u16(6, byte_order::little),
                                  reader.u16(8, byte_order::little));
  std::uint64_t pos = 13 + color_table_size(reader.u8(10));
  bool have_image = false;
  for (;;) {
    if (!reader.contains(pos, 1))
      return truncated();
    std::uint8_t block = reader.u8(pos);
    if (block == block_trailer)
      break;
    if (block == block_extension) {
      pos += 2; // introducer and label
    } else if (block == block_image) {
      if (!reader.contains(pos, 10))
        return truncated();
      pos += 10 + color_table_size(reader.u8(pos + 9)) + 1; // + LZW minimum code size
      have_image = true;
    } else {
      return gif_corrupt("unknown block type " + hex_byte(block) + " at offset " +
                         std::to_string(pos));
    }
    if (!skip_sub_blocks(reader, pos))
      return truncated();
  }
  if (!have_image)
    return gif_corrupt("no image in the file");
  return header;
}

} // namespace imaging::probe
