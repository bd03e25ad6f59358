#include <string>

#include "actors/imaging/probe/format_probes.hpp"

namespace imaging::probe {

namespace {

constexpr std::uint64_t file_header_size = 14;
constexpr std::uint32_t os2_core_header_size = 12;

// BI_RGB, BI_BITFIELDS and BI_ALPHABITFIELDS store rows of known size;
// compressed (RLE, JPEG, PNG) pixel data has no size to check up front.
bool is_uncompressed(std::uint32_t compression) noexcept {
  return compression == 0 || compression == 3 || compression == 6;
}

bool is_known_header_size(std::uint32_t size) noexcept {
  return size == os2_core_header_size || size == 40 || size == 52 || size == 56 || size == 64 ||
         size == 108 || size == 124;
}

model::problem bmp_corrupt(const std::string& detail) {
  return corrupt(image_format::bmp, detail);
}

} // namespace

model::outcome<image_header> probe_bmp(std::string_view bytes) {
  byte_reader reader(bytes);
  if (!reader.contains(0, file_header_size + 4))
    return bmp_corrupt("data ends inside the file header (truncated?)");
  std::uint32_t file_size = reader.u32(2, byte_order::little);
  if (file_size > bytes.size())
    return bmp_corrupt("file size field says " + std::to_string(file_size) +
                       " bytes, but the data has " + std::to_string(bytes.size()) +
                       " (truncated?)");
  std::uint32_t info_size = reader.u32(file_header_size, byte_order::little);
  if (!is_known_header_size(info_size))
    return bmp_corrupt("unknown info header size " + std::to_string(info_size));
  if (!reader.contains(file_header_size, info_size))
    return bmp_corrupt("data ends inside the info header (truncated?)");

  std::int64_t width = 0;
  std::int64_t height = 0;
  std::uint16_t bits = 0;
  std::uint32_t compression = 0;
  if (info_size == os2_core_header_size) {
    width = reader.u16(18, byte_order::little);
    height = reader.u16(20, byte_order::little);
    bits = reader.u16(24, byte_order::little);
  } else {
    width = static_cast<std::int32_t>(reader.u32(18, byte_order::little));
    height = static_cast<std::int32_t>(reader.u32(22, byte_order::little));
    bits = reader.u16(28, byte_order::little);
    compression = reader.u32(30, byte_order::little);
  }
  if (width < 0)
    return bmp_corrupt("negative width " + std::to_string(width));
  if (height < 0) // rows stored top-down
    height = -height;

  std::uint32_t pixel_offset = reader.u32(10, byte_order::little);
  if (pixel_offset < file_header_size + info_size || pixel_offset >= bytes.size())
    return bmp_corrupt("pixel data offset " + std::to_string(pixel_offset) +
                       " lies outside the data");
  if (is_uncompressed(compression) && bits != 0) {
    // Rows are padded to 4 bytes. Compared by division so that huge claimed
    // sizes cannot overflow.
    std::uint64_t row_bytes =
        (std::uint64_t{bits} * static_cast<std::uint64_t>(width) + 31) / 32 * 4;
    std::uint64_t available = bytes.size() - pixel_offset;
    if (row_bytes != 0 && static_cast<std::uint64_t>(height) > available / row_bytes)
      return bmp_corrupt(std::to_string(height) + " rows of " + std::to_string(row_bytes) +
                         " bytes do not fit in the " + std::to_string(available) +
                         " bytes of pixel data (truncated?)");
  }
  return header_of(image_format::bmp, static_cast<std::uint32_t>(width),
                   static_cast<std::uint32_t>(height));
}

} // namespace imaging::probe
