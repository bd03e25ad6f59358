#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace imaging {

/// Resource limits for decoding and producing images. Inputs over a limit
/// are refused before decoding (from their header); outputs over a limit
/// fail the operation that would produce them.
struct image_limits {
  std::uint32_t max_width = 65535;
  std::uint32_t max_height = 65535;
  std::uint64_t max_pixels = 100'000'000;      // 100 megapixels
  std::uint64_t max_memory_bytes = 2ull << 30; // decoder pixel cache in RAM
  std::uint64_t max_disk_bytes = 0;            // decoder pixel cache on disk
};

/// Why an image of `width` x `height` breaks `limits`, e.g. "30000x30000 =
/// 900000000 pixels, over the limit of 100000000" or "70000x10, width over
/// the limit of 65535"; nullopt when it fits. Callers say what the image is.
std::optional<std::string> size_violation(std::uint64_t width, std::uint64_t height,
                                          const image_limits& limits);

} // namespace imaging
