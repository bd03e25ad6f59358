#include <string>

#include "actors/imaging/probe/bit_reader.hpp"
#include "actors/imaging/probe/format_probes.hpp"
#include "actors/imaging/probe/iso_boxes.hpp"

namespace imaging::probe {

namespace {

using namespace std::string_view_literals;

constexpr std::string_view codestream_signature = "\xFF\x0A"sv;
// The size header and the fields of the image metadata read here take at
// most 10 bytes after the signature; a codestream split into parts is
// gathered up to this many bytes.
constexpr std::size_t header_bytes = 32;
constexpr std::size_t max_container_boxes = 4096;
constexpr std::uint64_t part_index_size = 4; // jxlp: part number, top bit set on the last

// Width over height of the SizeHeader's ratio codes 1 to 7.
constexpr std::uint32_t ratios[7][2] = {{1, 1}, {12, 10}, {4, 3}, {3, 2}, {16, 9}, {5, 4}, {2, 1}};

model::problem jxl_corrupt(const std::string& detail) {
  return corrupt(image_format::jxl, detail);
}

// A dimension that is not a small multiple of 8: a U32 whose 2-bit selector
// picks 9, 13, 18 or 30 bits, plus 1.
std::uint64_t dimension(bit_reader& reader) {
  constexpr unsigned widths[4] = {9, 13, 18, 30};
  return std::uint64_t{reader.bits(widths[reader.bits(2)])} + 1;
}

std::uint64_t small_dimension(bit_reader& reader) {
  return (std::uint64_t{reader.bits(5)} + 1) * 8;
}

// The SizeHeader and the orientation of the ImageMetadata that follows it
// (ISO/IEC 18181-1, Annex A). The size is the stored one: the decoder keeps
// the orientation for the pipeline to apply, as with EXIF in JPEG.
// Truncation after the headers shows only when decoding: the frames' table
// of contents comes after the full image metadata (colour encoding, extra
// channels, extensions), which this does not parse.
model::outcome<image_header> read_headers(std::string_view codestream) {
  if (codestream.substr(0, codestream_signature.size()) != codestream_signature)
    return jxl_corrupt("the codestream does not start with 0xFF 0x0A");
  bit_reader reader(codestream.substr(codestream_signature.size()));
  bool small = reader.flag();
  std::uint64_t height = small ? small_dimension(reader) : dimension(reader);
  std::uint32_t ratio = reader.bits(3);
  std::uint64_t width = 0;
  if (ratio != 0)
    width = height * ratios[ratio - 1][0] / ratios[ratio - 1][1];
  else
    width = small ? small_dimension(reader) : dimension(reader);
  std::uint16_t orientation = 1;
  bool all_default = reader.flag();
  if (!all_default && reader.flag()) // extra_fields, which start with the orientation
    orientation = static_cast<std::uint16_t>(reader.bits(3) + 1);
  if (reader.exhausted())
    return jxl_corrupt("the image header is truncated");
  // Heights reach 2^30 and the widest ratio is 2:1, so both fit 32 bits.
  image_header header = header_of(image_format::jxl, static_cast<std::uint32_t>(width),
                                  static_cast<std::uint32_t>(height));
  header.orientation = orientation;
  return header;
}

// The start of the codestream of a container file (ISO/IEC 18181-2): the
// jxlc box, or the jxlp boxes (parts) in order without their part numbers.
// Every box is checked to lie inside the data, and parts to end with the
// last one.
model::outcome<std::string> container_codestream(std::string_view bytes) {
  auto boxes = read_boxes(bytes, 0, "", image_format::jxl, max_container_boxes);
  if (!boxes)
    return boxes.error();
  if (const iso_box* whole = find_box(*boxes, "jxlc"))
    return std::string(whole->payload.substr(0, header_bytes));
  std::string start;
  bool have_part = false;
  bool have_last_part = false;
  for (const auto& box : *boxes) {
    if (box.type != "jxlp")
      continue;
    if (box.payload.size() < part_index_size)
      return jxl_corrupt(box_name(box) + " is too short for its part number");
    have_part = true;
    have_last_part = have_last_part || (byte_reader(box.payload).u8(0) & 0x80) != 0;
    start += box.payload.substr(part_index_size, header_bytes - start.size());
  }
  if (!have_part)
    return jxl_corrupt("no codestream (jxlc or jxlp box)");
  // A file cut between two boxes passes the size checks.
  if (!have_last_part)
    return jxl_corrupt("the codestream parts (jxlp boxes) end before the last (truncated?)");
  return start;
}

} // namespace

model::outcome<image_header> probe_jxl(std::string_view bytes) {
  if (bytes.substr(0, codestream_signature.size()) == codestream_signature)
    return read_headers(bytes);
  auto codestream = container_codestream(bytes);
  if (!codestream)
    return codestream.error();
  return read_headers(*codestream);
}

} // namespace imaging::probe
