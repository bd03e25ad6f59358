#include "actors/imaging/probe/iso_boxes.hpp"

#include <algorithm>

#include "actors/imaging/probe/format_probes.hpp"

namespace imaging::probe {

namespace {

constexpr std::uint64_t compact_header_size = 8; // size, type
constexpr std::uint64_t large_size_bytes = 8;
constexpr std::uint64_t user_type_bytes = 16;

std::string printable(std::string_view type) {
  std::string name(type);
  for (char& c : name)
    if (c < ' ' || c > '~')
      c = '?';
  return name;
}

} // namespace

model::outcome<std::vector<iso_box>> read_boxes(std::string_view data, std::uint64_t offset,
                                                std::string_view container, image_format format,
                                                std::size_t max_boxes) {
  byte_reader reader(data);
  std::string end_of = container.empty() ? "the data" : std::string(container);
  std::vector<iso_box> boxes;
  for (std::uint64_t pos = 0; pos < data.size();) {
    iso_box box;
    box.offset = offset + pos;
    box.type = reader.view(pos + 4, 4);
    if (!reader.contains(pos, compact_header_size))
      return corrupt(format, "box header at offset " + std::to_string(box.offset) +
                                 " runs past the end of " + end_of + " (truncated?)");
    if (boxes.size() == max_boxes)
      return corrupt(format, "more than " + std::to_string(max_boxes) + " boxes in " + end_of);
    std::uint64_t size = reader.u32(pos, byte_order::big);
    std::uint64_t header = compact_header_size;
    if (size == 1) {
      if (!reader.contains(pos + header, large_size_bytes))
        return corrupt(format, box_name(box) + " has a cut 64-bit size (truncated?)");
      size = (std::uint64_t{reader.u32(pos + header, byte_order::big)} << 32) |
             reader.u32(pos + header + 4, byte_order::big);
      header += large_size_bytes;
    } else if (size == 0) {
      size = data.size() - pos;
    }
    if (box.type == "uuid")
      header += user_type_bytes;
    if (size < header)
      return corrupt(format, box_name(box) + " is " + std::to_string(size) +
                                 " bytes, smaller than its header");
    if (!reader.contains(pos, size))
      return corrupt(format, box_name(box) + " runs past the end of " + end_of + " (truncated?)");
    box.payload = reader.view(pos + header, size - header);
    box.payload_offset = box.offset + header;
    boxes.push_back(box);
    pos += size;
  }
  return boxes;
}

const iso_box* find_box(const std::vector<iso_box>& boxes, std::string_view type) noexcept {
  auto found = std::find_if(boxes.begin(), boxes.end(),
                            [type](const iso_box& box) { return box.type == type; });
  return found == boxes.end() ? nullptr : &*found;
}

std::string box_name(const iso_box& box) {
  return "box " + printable(box.type) + " at offset " + std::to_string(box.offset);
}

} // namespace imaging::probe
