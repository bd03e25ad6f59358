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
#include "actors/imaging/operations/operation_context.hpp"
#include "actors/model/problem.hpp"
#include "actors/model/records.hpp"

namespace imaging {

/// Time spent in one step of a pipeline: "decode", an operation's name, or
/// "encode".
struct step_time {
  std::string step;
  std::uint32_t micros = 0;
};

struct encoded_image {
  std::string bytes;
  image_format format = image_format::jpeg;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::vector<step_time> timings; // in the order the steps ran
  std::string measurements;       // JSON of the command's `stats`, empty if none
};

/// Initialises GraphicsMagick once per process and sets its resource limits
/// (width, height, pixels, memory, disk, one thread per operation). Must be
/// called before run_pipeline(); later calls do nothing, whatever their
/// limits. Thread-safe.
void initialize_imaging(const image_limits& limits);

/// Decodes `input` (which must be `input_format`: the decoder is told the
/// format, never guesses), applies `ops` in order and encodes the result in
/// the format chosen by the last `format` operation, else `input_format`
/// (JPEG for HEIC, which is only read).
/// Errors: corrupt_image (decoding failed), image_too_large (over a limit,
/// input or output), invalid_operation (an op_call that does not match its
/// declaration), operation_failed (the library failed otherwise).
///
/// - The input is probed first (probe_image): limits are enforced and
///   damage is reported before any decoder runs; data of another format
///   than `input_format` is corrupt_image, non-images unsupported_media_type.
/// - Only the first frame of a GIF or TIFF is decoded.
/// - A decoder warning about corrupt data (libjpeg's "Premature end of JPEG
///   file", "Corrupt JPEG data") is corrupt_image: libjpeg would otherwise
///   return the missing part gray. Other warnings are ignored.
/// - Before each operation its result size is checked against `limits`
///   (image_too_large, naming the operation); for trim, whose size only the
///   pixels tell, the input's size stands as its upper bound, and the next
///   operation starts from the real one.
/// - `context` is what annotate's placeholders show ({id}, {created},
///   {label:KEY}); by default they are empty.
/// - JPEG, WebP, AVIF and JPEG XL are encoded at quality 85 unless a
///   `quality` operation says otherwise (JPEG XL at most 99); other formats
///   use the encoder's defaults. AVIF is written by libavif
///   (avif_encoder.hpp), the others by GraphicsMagick.
/// - A command of only `stats` returns `input` itself, with the
///   measurements.
/// - HEIC and AVIF are decoded by libheif directly (heif_reader.hpp),
///   already turned and mirrored as their irot and imir properties say,
///   with orientation undefined, so autoorient leaves them as they are
///   (HEIF ignores EXIF orientation). JPEG XL keeps its orientation for
///   autoorient to apply, like EXIF in JPEG and TIFF.
/// - JPEG inputs may be decoded at reduced scale (see decode_hint.hpp); the
///   result's size is the same as without. Pipelines that drop metadata
///   decode JPEGs with libjpeg directly (jpeg_reader.hpp): at any scale
///   M/8, and only the gray plane when they turn the image gray early.
/// - `context` is what operations read besides the pixels
///   (operation_context.hpp); taken by value, so that a caller done with it
///   moves the originals of drawn images in rather than copying them.
/// Thread-safe: independent calls may run in parallel.
model::outcome<encoded_image> run_pipeline(std::string_view input, image_format input_format,
                                           const std::vector<model::op_call>& ops,
                                           const image_limits& limits,
                                           operations::operation_context context = {});

} // namespace imaging
