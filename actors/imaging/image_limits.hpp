#pragma once

#include <cstdint>

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

} // namespace imaging
