#include <optional>
#include <string>

#include "actors/imaging/probe/format_probes.hpp"

namespace imaging::probe {

namespace {

constexpr std::uint8_t block_extension = 0x21;
constexpr std::uint8_t block_image = 0x2C;
constexpr std::uint8_t block_trailer = 0x3B;
constexpr std::uint64_t image_descriptor_size = 10; // separator, left, top, width, height, flags

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

// The decoder allocates each frame at its own size, which may exceed the
// logical screen: a frame is measured by its descriptor, not by the screen.
// Its position is not limited, since it allocates nothing.
std::optional<model::problem> check_frame(const byte_reader& reader, std::uint64_t descriptor,
                                          unsigned number, const image_limits& limits) {
  std::uint32_t width = reader.u16(descriptor + 5, byte_order::little);
  std::uint32_t height = reader.u16(descriptor + 7, byte_order::little);
  std::string frame = "frame " + std::to_string(number);
  if (width == 0 || height == 0)
    return gif_corrupt(frame + " has zero width or height (" + std::to_string(width) + "x" +
                       std::to_string(height) + ")");
  if (auto violation = size_violation(width, height, limits))
    return model::make_problem(model::error_code::image_too_large,
                               "GIF " + frame + " is " + *violation);
  return std::nullopt;
}

} // namespace

model::outcome<image_header> probe_gif(std::string_view bytes, const image_limits& limits) {
  byte_reader reader(bytes);
  if (!reader.contains(0, 13))
    return gif_corrupt("data ends inside the logical screen descriptor (truncated?)");
  image_header header = header_of(image_format::gif, reader.u16(6, byte_order::little),
                                  reader.u16(8, byte_order::little));
  std::uint64_t pos = 13 + color_table_size(reader.u8(10));
  unsigned frames = 0;
  for (;;) {
    if (!reader.contains(pos, 1))
      return truncated();
    std::uint8_t block = reader.u8(pos);
    if (block == block_trailer)
      break;
    if (block == block_extension) {
      pos += 2; // introducer and label
    } else if (block == block_image) {
      if (!reader.contains(pos, image_descriptor_size))
        return truncated();
      if (auto refusal = check_frame(reader, pos, ++frames, limits))
        return std::move(*refusal);
      // + the LZW minimum code size
      pos += image_descriptor_size + color_table_size(reader.u8(pos + 9)) + 1;
    } else {
      return gif_corrupt("unknown block type " + hex_byte(block) + " at offset " +
                         std::to_string(pos));
    }
    if (!skip_sub_blocks(reader, pos))
      return truncated();
  }
  if (frames == 0)
    return gif_corrupt("no image in the file");
  return header;
}

} // namespace imaging::probe
