#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "config/defaults.hpp"

namespace imaging {

/// Resource limits for decoding and producing images. Inputs over a limit
/// are refused before decoding (from their header); outputs over a limit
/// fail the operation that would produce them.
struct image_limits {
  std::uint32_t max_width = defaults::limits_max_width;
  std::uint32_t max_height = defaults::limits_max_height;
  std::uint64_t max_pixels = defaults::limits_max_pixels;
  std::uint64_t max_memory_bytes = defaults::limits_max_memory; // decoder pixel cache in RAM
  std::uint64_t max_disk_bytes = defaults::limits_max_disk;     // decoder pixel cache on disk
};

/// Why an image of `width` x `height` breaks `limits`, e.g. "30000x30000 =
/// 900000000 pixels, over the limit of 100000000" or "70000x10, width over
/// the limit of 65535"; nullopt when it fits. Callers say what the image is.
std::optional<std::string> size_violation(std::uint64_t width, std::uint64_t height,
                                          const image_limits& limits);

} // namespace imaging
