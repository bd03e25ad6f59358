#pragma once

// Gravity: where a box goes inside another (a crop region in the image, the
// image on an extended canvas, a text on the image). One placement rule for
// every operation that takes a gravity.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "actors/imaging/operations/operation_types.hpp"

namespace imaging::operations {

/// The gravity names, row by row from the top-left: northwest north
/// northeast west center east southwest south southeast.
inline const std::vector<std::string>& gravity_names() {
  static const std::vector<std::string> names{"northwest", "north",  "northeast",
                                              "west",      "center", "east",
                                              "southwest", "south",  "southeast"};
  return names;
}

inline param_spec gravity_param(std::string name, std::string description) {
  return choice_param(std::move(name), gravity_names(), std::move(description));
}

/// Top-left corner of a box inside another, relative to the outer box's;
/// negative where the inner box is larger.
struct placement {
  std::int64_t x = 0;
  std::int64_t y = 0;
};

/// Where an `inner_width` x `inner_height` box goes inside an `outer_width`
/// x `outer_height` one at `gravity` (a name of gravity_names()), `margin`
/// pixels from the edges it is pulled to. Centering halves the difference
/// rounded toward zero, so that a centered crop of a large image and a
/// large image centered on a small canvas show the same pixels.
inline placement place(std::string_view gravity, std::uint64_t outer_width,
                       std::uint64_t outer_height, std::uint64_t inner_width,
                       std::uint64_t inner_height, std::int64_t margin = 0) {
  const auto& names = gravity_names();
  std::size_t index = 0;
  while (index < names.size() && names[index] != gravity)
    ++index;
  auto along = [margin](std::size_t third, std::uint64_t outer, std::uint64_t inner) {
    std::int64_t room = static_cast<std::int64_t>(outer) - static_cast<std::int64_t>(inner);
    if (third == 0)
      return margin;
    if (third == 2)
      return room - margin;
    return room / 2;
  };
  return {along(index % 3, outer_width, inner_width),
          along(index / 3 % 3, outer_height, inner_height)};
}

} // namespace imaging::operations
