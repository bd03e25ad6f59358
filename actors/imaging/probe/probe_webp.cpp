#include <string>

#include "actors/imaging/probe/format_probes.hpp"

namespace imaging::probe {

namespace {

constexpr std::uint64_t riff_header_size = 12; // "RIFF", size, "WEBP"
constexpr std::uint64_t chunk_header_size = 8; // fourcc, size

model::problem webp_corrupt(const std::string& detail) {
  return corrupt(image_format::webp, detail);
}

// Dimensions from the first chunk: lossy ("VP8 "), lossless ("VP8L") or
// extended ("VP8X", canvas size). `payload` is that chunk's data.
model::outcome<image_header> first_chunk_header(std::string_view fourcc,
                                                const byte_reader& payload) {
  if (fourcc == "VP8 ") {
    if (!payload.contains(0, 10))
      return webp_corrupt("VP8 frame header is truncated");
    if ((payload.u8(0) & 1) != 0)
      return webp_corrupt("VP8 data does not start with a key frame");
    if (payload.view(3, 3) != "\x9D\x01\x2A")
      return webp_corrupt("VP8 start code is missing");
    return header_of(image_format::webp, payload.u16(6, byte_order::little) & 0x3FFF,
                     payload.u16(8, byte_order::little) & 0x3FFF);
  }
  if (fourcc == "VP8L") {
    if (!payload.contains(0, 5) || payload.u8(0) != 0x2F)
      return webp_corrupt("VP8L signature is missing");
    std::uint32_t bits = payload.u32(1, byte_order::little);
    return header_of(image_format::webp, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
  }
  if (fourcc == "VP8X") {
    if (!payload.contains(0, 10))
      return webp_corrupt("VP8X header is truncated");
    return header_of(image_format::webp, payload.u24(4, byte_order::little) + 1,
                     payload.u24(7, byte_order::little) + 1);
  }
  return webp_corrupt("the first chunk is not VP8, VP8L or VP8X");
}

bool is_image_chunk(std::string_view fourcc) noexcept {
  return fourcc == "VP8 " || fourcc == "VP8L" || fourcc == "ANMF";
}

} // namespace

model::outcome<image_header> probe_webp(std::string_view bytes) {
  byte_reader reader(bytes);
  std::uint64_t riff_end = std::uint64_t{reader.u32(4, byte_order::little)} + 8;
  if (riff_end > bytes.size())
    return webp_corrupt("RIFF size says " + std::to_string(riff_end) + " bytes, but the data has " +
                        std::to_string(bytes.size()) + " (truncated?)");
  std::optional<model::outcome<image_header>> header;
  bool have_image = false;
  std::uint64_t pos = riff_header_size;
  while (pos < riff_end) {
    if (pos + chunk_header_size > riff_end)
      return webp_corrupt("chunk header at offset " + std::to_string(pos) +
                          " runs past the RIFF end");
    std::string_view fourcc = reader.view(pos, 4);
    std::uint64_t size = reader.u32(pos + 4, byte_order::little);
    std::uint64_t payload = pos + chunk_header_size;
    if (size > riff_end - payload)
      return webp_corrupt("chunk at offset " + std::to_string(pos) +
                          " runs past the RIFF end (truncated?)");
    if (!header)
      header = first_chunk_header(fourcc, byte_reader(reader.view(payload, size)));
    have_image = have_image || is_image_chunk(fourcc);
    pos = payload + size + (size & 1); // chunks are padded to even sizes
  }
  if (!header)
    return webp_corrupt("no chunks after the RIFF header");
  if (header->ok() && !have_image)
    return webp_corrupt("no image data (VP8, VP8L or ANMF chunk)");
  return *header;
}

} // namespace imaging::probe
