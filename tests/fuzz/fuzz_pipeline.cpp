// libFuzzer target: decode and apply, the path every accepted upload takes
// in a worker: run_pipeline with a short fixed command on small limits. It
// must end in an image within the limits or a problem, never a crash.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "actors/imaging/operation_parser.hpp"
#include "actors/imaging/pipeline.hpp"

namespace {

imaging::image_limits small_limits() {
  imaging::image_limits limits;
  limits.max_width = 2048;
  limits.max_height = 2048;
  limits.max_pixels = 1u << 20;
  limits.max_memory_bytes = 256u << 20;
  limits.max_disk_bytes = 0;
  return limits;
}

const std::vector<model::op_call>& command() {
  static const auto ops = [] {
    auto parsed = imaging::parse_operations_text("autoorient\nresize 48 48\nrotate 90\n"
                                                 "grayscale\nstrip\nformat png\n");
    if (!parsed)
      std::abort();
    return *parsed;
  }();
  return ops;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  imaging::initialize_imaging(small_limits());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto format = imaging::detect_format(input);
  if (!format)
    return 0;
  auto limits = small_limits();
  auto result = imaging::run_pipeline(input, *format, command(), limits);
  if (result && (result->width == 0 || result->width > limits.max_width || result->height == 0 ||
                 result->height > limits.max_height ||
                 result->format != imaging::image_format::png || result->bytes.empty()))
    std::abort();
  return 0;
}
