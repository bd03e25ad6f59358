#include <string>

#include "actors/imaging/probe/format_probes.hpp"
#include "actors/imaging/probe/tiff_directory.hpp"

namespace imaging::probe {

namespace {

constexpr std::uint16_t tag_width = 256;
constexpr std::uint16_t tag_height = 257;
constexpr std::uint16_t tag_strip_offsets = 273;
constexpr std::uint16_t tag_strip_byte_counts = 279;
constexpr std::uint16_t tag_tile_offsets = 324;
constexpr std::uint16_t tag_tile_byte_counts = 325;

// Every strip (or tile) must lie inside the data: a truncated file fails
// here instead of decoding into a partly blank image.
model::status check_data_blocks(const tiff_directory& directory, std::uint64_t data_size,
                                std::uint16_t offsets_tag, std::uint16_t counts_tag,
                                const char* kind) {
  auto offsets = directory.find(offsets_tag);
  auto counts = directory.find(counts_tag);
  if (!counts)
    return corrupt(image_format::tiff, std::string("missing ") + kind + " byte counts");
  if (offsets->count == 0 || offsets->count != counts->count)
    return corrupt(image_format::tiff, std::to_string(offsets->count) + " " + kind +
                                           " offsets but " + std::to_string(counts->count) +
                                           " byte counts");
  if (!directory.values_inside(*offsets) || !directory.values_inside(*counts))
    return corrupt(image_format::tiff,
                   std::string(kind) + " offsets or byte counts lie outside the data");
  for (std::uint32_t i = 0; i < offsets->count; ++i) {
    auto offset = directory.integer(*offsets, i);
    auto count = directory.integer(*counts, i);
    if (!offset || !count)
      return corrupt(image_format::tiff,
                     std::string(kind) + " offsets and byte counts must be SHORT or LONG");
    if (std::uint64_t{*offset} + *count > data_size)
      return corrupt(image_format::tiff, std::string(kind) + " " + std::to_string(i) + " (" +
                                             std::to_string(*count) + " bytes at offset " +
                                             std::to_string(*offset) +
                                             ") runs past the end of the data (truncated?)");
  }
  return model::ok_status();
}

} // namespace

model::outcome<image_header> probe_tiff(std::string_view bytes) {
  auto directory = tiff_directory::open(bytes);
  if (!directory)
    return directory.error();
  auto width = directory->first_integer(tag_width);
  auto height = directory->first_integer(tag_height);
  if (!width || !height)
    return corrupt(image_format::tiff, "missing image width or length (tags 256, 257)");
  model::status blocks = corrupt(image_format::tiff, "no strip or tile offsets");
  if (directory->find(tag_strip_offsets))
    blocks = check_data_blocks(*directory, bytes.size(), tag_strip_offsets, tag_strip_byte_counts,
                               "strip");
  else if (directory->find(tag_tile_offsets))
    blocks =
        check_data_blocks(*directory, bytes.size(), tag_tile_offsets, tag_tile_byte_counts, "tile");
  if (!blocks)
    return blocks.error();
  image_header header = header_of(image_format::tiff, *width, *height);
  header.orientation = directory->orientation();
  return header;
}

} // namespace imaging::probe
