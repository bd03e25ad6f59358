#pragma once

// Runs a list of validated operations on an encoded image with
// GraphicsMagick and encodes the result. This is the only code that decodes
// images; it runs in worker actors.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "actors/imaging/image_format.hpp"
#include "actors/imaging/image_limits.hpp"
#include "actors/model/problem.hpp"
#include "actors/model/records.hpp"

namespace imaging {

struct encoded_image {
  std::string bytes;
  image_format format = image_format::jpeg;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
};

/// Initialises GraphicsMagick once per process and sets its resource limits
/// (width, height, pixels, memory, disk, one thread per operation). Must be
/// called before run_pipeline(); later calls do nothing.
void initialize_imaging(const image_limits& limits);

/// Decodes `input` (which must be `input_format`: the decoder is told the
/// format, never guesses), applies `ops` in order and encodes the result in
/// the format chosen by the last `format` operation, else `input_format`.
/// Errors: corrupt_image (decoding failed), image_too_large (over a limit,
/// input or output), invalid_operation (an op_call that does not match its
/// declaration), operation_failed (the library failed otherwise).
model::outcome<encoded_image> run_pipeline(std::string_view input, image_format input_format,
                                           const std::vector<model::op_call>& ops,
                                           const image_limits& limits);

} // namespace imaging
