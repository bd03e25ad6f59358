#include "actors/imaging/image_limits.hpp"

namespace imaging {

std::optional<std::string> size_violation(std::uint64_t width, std::uint64_t height,
                                          const image_limits& limits) {
  std::string size = std::to_string(width) + "x" + std::to_string(height);
  if (width > limits.max_width)
    return size + ", width over the limit of " + std::to_string(limits.max_width);
  if (height > limits.max_height)
    return size + ", height over the limit of " + std::to_string(limits.max_height);
  // Both factors are at most 2^32 here, so the product cannot overflow.
  std::uint64_t pixels = width * height;
  if (pixels > limits.max_pixels)
    return size + " = " + std::to_string(pixels) + " pixels, over the limit of " +
           std::to_string(limits.max_pixels);
  return std::nullopt;
}

} // namespace imaging
