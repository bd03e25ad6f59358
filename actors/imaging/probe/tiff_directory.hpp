#pragma once

// The first image file directory (IFD) of a TIFF stream: used for TIFF files
// and for the EXIF block inside JPEG files, which is a TIFF stream too.

#include <cstdint>
#include <optional>
#include <string_view>

#include "actors/imaging/probe/byte_reader.hpp"
#include "actors/model/problem.hpp"

namespace imaging::probe {

struct tiff_entry {
  std::uint16_t tag = 0;
  std::uint16_t type = 0;
  std::uint32_t count = 0;
  std::uint64_t values_offset = 0; // where the values start in the stream
};

class tiff_directory {
public:
  /// Reads the byte-order header and locates the first directory inside
  /// `tiff`; corrupt_image ("TIFF: ...") when either lies outside the data.
  /// The directory keeps a view of `tiff`, which must outlive it.
  static model::outcome<tiff_directory> open(std::string_view tiff);

  /// The entry with `tag`, or nullopt.
  std::optional<tiff_entry> find(std::uint16_t tag) const noexcept;

  /// Whether all values of `entry` lie inside the data.
  bool values_inside(const tiff_entry& entry) const noexcept;

  /// Value `index` of a SHORT or LONG entry; nullopt for other types, an
  /// index past the count, or a value outside the data.
  std::optional<std::uint32_t> integer(const tiff_entry& entry, std::uint32_t index) const noexcept;

  /// Shortcut: the first value of the integer entry `tag`, or nullopt.
  std::optional<std::uint32_t> first_integer(std::uint16_t tag) const noexcept;

  /// The Orientation tag (274) when it holds 1-8, else 1: values outside the
  /// EXIF range mean "undefined", which viewers show as-is.
  std::uint16_t orientation() const noexcept;

private:
  tiff_directory(std::string_view tiff, byte_order order, std::uint32_t offset,
                 std::uint16_t count) noexcept
      : reader_(tiff), order_(order), offset_(offset), count_(count) {}

  byte_reader reader_;
  byte_order order_;
  std::uint32_t offset_; // of the entry count
  std::uint16_t count_;
};

} // namespace imaging::probe
