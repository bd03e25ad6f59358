#include <string>

#include "actors/imaging/probe/format_probes.hpp"
#include "actors/imaging/probe/tiff_directory.hpp"

namespace imaging::probe {

namespace {

constexpr std::uint8_t marker_soi = 0xD8;
constexpr std::uint8_t marker_eoi = 0xD9;
constexpr std::uint8_t marker_sos = 0xDA;
constexpr std::uint8_t marker_app1 = 0xE1;
constexpr std::uint8_t marker_tem = 0x01;

// SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
bool is_start_of_frame(std::uint8_t marker) noexcept {
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

// Markers without a length field (TEM, RST0-RST7).
bool is_standalone(std::uint8_t marker) noexcept {
  return marker == marker_tem || (marker >= 0xD0 && marker <= 0xD7);
}

model::problem jpeg_corrupt(const std::string& detail) {
  return corrupt(image_format::jpeg, detail);
}

// The Orientation of an "Exif\0\0" APP1 payload; 1 when the EXIF block is
// damaged, because EXIF is metadata and a broken one does not make the
// pixels unreadable.
std::uint16_t exif_orientation(std::string_view payload) {
  constexpr std::string_view exif_id("Exif\0\0", 6);
  if (payload.substr(0, exif_id.size()) != exif_id)
    return 1;
  auto directory = tiff_directory::open(payload.substr(exif_id.size()));
  return directory ? directory->orientation() : 1;
}

// Accepts only zero bytes after the end-of-image marker: some encoders pad
// files, but anything else means the data does not end where it should.
bool ends_with_eoi(const byte_reader& reader, std::uint64_t scan_start) {
  std::uint64_t end = reader.size();
  while (end > scan_start && reader.u8(end - 1) == 0)
    --end;
  return end >= scan_start + 2 && reader.u8(end - 2) == 0xFF && reader.u8(end - 1) == marker_eoi;
}

} // namespace

model::outcome<image_header> probe_jpeg(std::string_view bytes) {
  byte_reader reader(bytes);
  std::uint64_t pos = 2; // after SOI
  bool have_frame = false;
  bool have_exif = false;
  image_header header = header_of(image_format::jpeg, 0, 0);
  for (;;) {
    if (reader.contains(pos, 1) && reader.u8(pos) != 0xFF)
      return jpeg_corrupt("expected a marker at offset " + std::to_string(pos));
    while (reader.u8(pos + 1) == 0xFF) // fill bytes
      ++pos;
    if (!reader.contains(pos, 2))
      return jpeg_corrupt("data ends before the first scan (truncated?)");
    std::uint8_t marker = reader.u8(pos + 1);
    pos += 2;
    if (is_standalone(marker))
      continue;
    if (marker == marker_soi || marker == 0x00)
      return jpeg_corrupt("unexpected marker " + hex_byte(marker) + " at offset " +
                          std::to_string(pos - 2));
    if (marker == marker_eoi)
      return jpeg_corrupt("end of image before the first scan");
    std::uint16_t length = reader.u16(pos, byte_order::big);
    if (!reader.contains(pos, 2) || length < 2)
      return jpeg_corrupt("segment " + hex_byte(marker) + " has no valid length");
    if (!reader.contains(pos, length))
      return jpeg_corrupt("segment " + hex_byte(marker) +
                          " runs past the end of the data (truncated?)");
    if (is_start_of_frame(marker) && !have_frame) {
      if (length < 8)
        return jpeg_corrupt("frame header is too short");
      header.height = reader.u16(pos + 3, byte_order::big);
      header.width = reader.u16(pos + 5, byte_order::big);
      have_frame = true;
    }
    if (marker == marker_app1 && !have_exif) {
      std::string_view payload = reader.view(pos + 2, length - 2u);
      have_exif = payload.substr(0, 4) == "Exif";
      header.orientation = exif_orientation(payload);
    }
    if (marker == marker_sos) {
      if (!have_frame)
        return jpeg_corrupt("scan before the frame header");
      break;
    }
    pos += length;
  }
  if (!ends_with_eoi(reader, pos))
    return jpeg_corrupt("missing end of image marker (truncated?)");
  return header;
}

} // namespace imaging::probe
