// libFuzzer target: the header probe, which runs in the process that holds
// the storage, on every upload, before any decoder. It must never read out
// of bounds, and what it accepts must be non-empty and within the limits.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "actors/imaging/image_probe.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  imaging::image_limits limits;
  auto header = imaging::probe_image(bytes, limits);
  if (!header)
    return 0;
  if (header->width == 0 || header->height == 0 || header->width > limits.max_width ||
      header->height > limits.max_height ||
      std::uint64_t{header->width} * header->height > limits.max_pixels ||
      header->orientation < 1 || header->orientation > 8 ||
      imaging::detect_format(bytes) != header->format)
    std::abort();
  return 0;
}
