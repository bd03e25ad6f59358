#include "actors/imaging/probe/tiff_directory.hpp"

#include "actors/imaging/probe/format_probes.hpp"

namespace imaging::probe {

namespace {

constexpr std::uint16_t type_short = 3;
constexpr std::uint16_t type_long = 4;
constexpr std::uint64_t entry_size = 12;

// Bytes per value of the TIFF 6.0 field types; 0 for unknown types.
std::uint64_t value_size(std::uint16_t type) noexcept {
  switch (type) {
  case 1: // BYTE
  case 2: // ASCII
  case 6: // SBYTE
  case 7: // UNDEFINED
    return 1;
  case 3: // SHORT
  case 8: // SSHORT
    return 2;
  case 4:  // LONG
  case 9:  // SLONG
  case 11: // FLOAT
    return 4;
  case 5:  // RATIONAL
  case 10: // SRATIONAL
  case 12: // DOUBLE
    return 8;
  default:
    return 0;
  }
}

} // namespace

model::outcome<tiff_directory> tiff_directory::open(std::string_view tiff) {
  byte_reader reader(tiff);
  if (!reader.contains(0, 8))
    return corrupt(image_format::tiff, "header is truncated");
  byte_order order;
  if (reader.view(0, 4) == std::string_view("II*\0", 4))
    order = byte_order::little;
  else if (reader.view(0, 4) == std::string_view("MM\0*", 4))
    order = byte_order::big;
  else
    return corrupt(image_format::tiff, "bad byte-order header");
  std::uint32_t offset = reader.u32(4, order);
  if (offset < 8 || !reader.contains(offset, 2))
    return corrupt(image_format::tiff,
                   "first directory offset " + std::to_string(offset) + " lies outside the data");
  std::uint16_t count = reader.u16(offset, order);
  if (!reader.contains(offset + 2, count * entry_size))
    return corrupt(image_format::tiff, "first directory (" + std::to_string(count) +
                                           " entries) runs past the end of the data");
  return tiff_directory(tiff, order, offset, count);
}

std::optional<tiff_entry> tiff_directory::find(std::uint16_t tag) const noexcept {
  for (std::uint32_t i = 0; i < count_; ++i) {
    std::uint64_t at = offset_ + 2 + i * entry_size;
    if (reader_.u16(at, order_) != tag)
      continue;
    tiff_entry entry;
    entry.tag = tag;
    entry.type = reader_.u16(at + 2, order_);
    entry.count = reader_.u32(at + 4, order_);
    bool inline_values = value_size(entry.type) * entry.count <= 4;
    entry.values_offset = inline_values ? at + 8 : reader_.u32(at + 8, order_);
    return entry;
  }
  return std::nullopt;
}

bool tiff_directory::values_inside(const tiff_entry& entry) const noexcept {
  return reader_.contains(entry.values_offset, value_size(entry.type) * entry.count);
}

std::optional<std::uint32_t> tiff_directory::integer(const tiff_entry& entry,
                                                     std::uint32_t index) const noexcept {
  if ((entry.type != type_short && entry.type != type_long) || index >= entry.count)
    return std::nullopt;
  std::uint64_t size = value_size(entry.type);
  std::uint64_t at = entry.values_offset + index * size;
  if (!reader_.contains(at, size))
    return std::nullopt;
  return entry.type == type_short ? reader_.u16(at, order_) : reader_.u32(at, order_);
}

std::optional<std::uint32_t> tiff_directory::first_integer(std::uint16_t tag) const noexcept {
  auto entry = find(tag);
  if (!entry)
    return std::nullopt;
  return integer(*entry, 0);
}

std::uint16_t tiff_directory::orientation() const noexcept {
  constexpr std::uint16_t orientation_tag = 274;
  auto value = first_integer(orientation_tag);
  if (!value || *value < 1 || *value > 8)
    return 1;
  return static_cast<std::uint16_t>(*value);
}

} // namespace imaging::probe
