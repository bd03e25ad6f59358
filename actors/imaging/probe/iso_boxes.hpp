#pragma once

// Boxes of the ISO base media file format (ISO/IEC 14496-12 section 4.2),
// the container of HEIF, AVIF and JPEG XL files: a 32-bit big-endian size
// and a four-letter type; size 1 means a 64-bit size follows the type, size
// 0 that the box runs to the end of its container; type "uuid" adds a
// 16-byte user type to the header.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "actors/imaging/image_format.hpp"
#include "actors/model/problem.hpp"

namespace imaging::probe {

struct iso_box {
  std::string_view type;
  std::uint64_t offset = 0; // of the header, from the start of the file
  std::string_view payload; // what follows the header
  std::uint64_t payload_offset = 0;
};

/// The boxes that `data` consists of, in order. `data` starts at file offset
/// `offset`; `container` names what holds it in messages ("" for the file
/// itself). corrupt_image ("<FORMAT>: ...") when a header is cut, a size is
/// smaller than its header or runs past `data`, or there are more than
/// `max_boxes`.
model::outcome<std::vector<iso_box>> read_boxes(std::string_view data, std::uint64_t offset,
                                                std::string_view container, image_format format,
                                                std::size_t max_boxes);

/// The first box of `type` in `boxes`, or nullptr.
const iso_box* find_box(const std::vector<iso_box>& boxes, std::string_view type) noexcept;

/// "box ipma at offset 328": how messages name a box; bytes that are not
/// printable ASCII show as '?'.
std::string box_name(const iso_box& box);

} // namespace imaging::probe
