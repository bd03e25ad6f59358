#include "actors/imaging/image_limits.hpp"

namespace imaging {

std::optional<std::string> size_violation(std::uint64_t width, std::uint64_t height,
                                          const image_limits& limits) {
  if (width > limits.max_width)
    return "width " + std::to_string(width) + " is over the limit of " +
           std::to_string(limits.max_width);
  if (height > limits.max_height)
    return "height " + std::to_string(height) + " is over the limit of " +
           std::to_string(limits.max_height);
  // Both factors are at most 2^32 here, so the product cannot overflow.
  std::uint64_t pixels = width * height;
  if (pixels > limits.max_pixels)
    return std::to_string(width) + "x" + std::to_string(height) + " = " + std::to_string(pixels) +
           " pixels, over the limit of " + std::to_string(limits.max_pixels);
  return std::nullopt;
}

} // namespace imaging
