#include "actors/imaging/pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <mutex>

#include <Magick++.h>

#include "actors/imaging/avif_encoder.hpp"
#include "actors/imaging/decode_hint.hpp"
#include "actors/imaging/heif_reader.hpp"
#include "actors/imaging/image_probe.hpp"
#include "actors/imaging/jpeg_reader.hpp"
#include "actors/imaging/magick_errors.hpp"
#include "actors/imaging/operations/apply_table.hpp"
#include "actors/imaging/operations/binding.hpp"

namespace imaging {

namespace {

using operations::geometry;

// Encoder quality when the command has no `quality`: GraphicsMagick's own
// default (75) visibly blurs fine structures in inspection images; 85 is
// the usual compromise between size and detail. Lossless formats keep the
// encoder's defaults.
constexpr unsigned default_lossy_quality = 85;

geometry geometry_of(Magick::Image& image) {
  return {image.columns(), image.rows(), static_cast<std::uint16_t>(image.orientation())};
}

// Decodes `input` as exactly `format`: GraphicsMagick would otherwise guess
// from the bytes and could reach one of its risky coders (SVG, PS, MVG...).
// HEIC and AVIF go to libheif directly, past GraphicsMagick's unsafe reader
// (heif_reader.hpp).
model::status decode(Magick::Image& image, std::string_view input, image_format format,
                     const std::optional<decode_size>& hint) {
  if (format == image_format::heic || format == image_format::avif) {
    auto decoded = read_heif(input, format);
    if (!decoded)
      return decoded.error();
    image = std::move(*decoded);
    image.quiet(true);
    return model::ok_status();
  }
  const char* name = format_name(format);
  MagickLib::ImageInfo* info = image.imageInfo();
  std::snprintf(info->magick, sizeof info->magick, "%s", name);
  std::snprintf(info->filename, sizeof info->filename, "%s:", name);
  info->affirm = 1;
  image.subRange(1); // the first frame of a GIF or TIFF only
  if (hint)
    image.size(Magick::Geometry(hint->width, hint->height));
  std::string context = std::string(name) + " decoder";
  try {
    image.read(Magick::Blob(input.data(), input.size()));
  } catch (const Magick::WarningCorruptImage& warning) {
    // libjpeg reports truncated data as a warning and fills the rest with
    // gray: such an image must fail, not pass as done.
    return library_problem(warning, model::error_code::corrupt_image, context);
  } catch (const Magick::Warning&) {
    // Other warnings (unknown chunks, odd profiles) leave the pixels intact.
  } catch (const std::exception& failure) {
    return library_problem(failure, model::error_code::corrupt_image, context);
  }
  if (!image.isValid() || image.columns() == 0 || image.rows() == 0)
    return model::make_problem(model::error_code::corrupt_image,
                               context + ": no image in the data");
  image.quiet(true); // from here on warnings do not interrupt the work
  return model::ok_status();
}

// Decodes with read_jpeg() as `plan` says; false leaves the decoding to
// decode(), also for damaged data, so that errors read the same either way.
bool decode_jpeg_directly(Magick::Image& image, std::string_view input, const image_header& header,
                          const direct_jpeg_plan& plan) {
  jpeg_read_request request;
  if (plan.at_least) {
    request.min_width = plan.at_least->width;
    request.min_height = plan.at_least->height;
  }
  request.gray = plan.gray;
  request.orientation = header.orientation;
  try {
    auto decoded = read_jpeg(input, request);
    if (!decoded)
      return false;
    image = std::move(*decoded);
  } catch (const std::exception&) {
    return false;
  }
  image.quiet(true);
  return true;
}

// GraphicsMagick 1.3.40's JPEG XL encoder fails at quality 100 (its lossless
// mode wants settings it does not pass to libjxl).
constexpr unsigned max_jxl_quality = 99;

// The format results are written in without a `format` operation: the
// input's, unless it is one that is only read.
image_format default_output_format(image_format input_format) {
  return input_format == image_format::heic ? image_format::jpeg : input_format;
}

std::string encode_bytes(operations::edit& job, image_format format) {
  if (format == image_format::avif)
    return encode_avif(job.image, {job.quality.value_or(default_lossy_quality), job.lossless});
  bool lossy =
      format == image_format::jpeg || format == image_format::webp || format == image_format::jxl;
  job.image.magick(format_name(format));
  if (job.lossless && format == image_format::webp)
    job.image.defineValue("webp", "lossless", "true");
  else if (job.quality || lossy)
    job.image.quality(job.quality.value_or(default_lossy_quality));
  if (format == image_format::jxl)
    job.image.quality(std::min(job.image.quality(), max_jxl_quality));
  Magick::Blob blob;
  job.image.write(&blob);
  return std::string(static_cast<const char*>(blob.data()), blob.length());
}

model::outcome<encoded_image> encode(operations::edit& job, image_format input_format) {
  image_format format = job.output_format.value_or(default_output_format(input_format));
  try {
    return encoded_image{encode_bytes(job, format),
                         format,
                         static_cast<std::uint32_t>(job.image.columns()),
                         static_cast<std::uint32_t>(job.image.rows()),
                         {},
                         {}};
  } catch (const std::exception& failure) {
    return library_problem(failure, model::error_code::operation_failed,
                           std::string("encoding ") + format_name(format));
  }
}

// A command of only `stats` leaves the pixels as they are: its result is the
// input's bytes, not a re-encoding that would lose quality for nothing.
bool only_measures(const std::vector<model::op_call>& ops) {
  return std::all_of(ops.begin(), ops.end(),
                     [](const model::op_call& op) { return op.name == "stats"; });
}

encoded_image unchanged(std::string_view input, image_format format, operations::edit& job,
                        std::vector<step_time> timings) {
  return encoded_image{std::string(input),
                       format,
                       static_cast<std::uint32_t>(job.image.columns()),
                       static_cast<std::uint32_t>(job.image.rows()),
                       std::move(timings),
                       std::move(job.measurements)};
}

// Decodes the images operations draw over this one, checked as the input is.
model::status decode_overlays(operations::edit& job, const image_limits& limits) {
  for (const auto& source : job.context.overlays) {
    auto named = [&](const model::problem& failure) {
      return model::problem{failure.code, "image " + source.image_id + ": " + failure.message};
    };
    auto header = probe_image(source.bytes, limits);
    if (!header)
      return named(header.error());
    Magick::Image overlay;
    if (auto decoded = decode(overlay, source.bytes, header->format, std::nullopt); !decoded)
      return named(decoded.error());
    job.overlays.emplace(source.image_id, std::move(overlay));
  }
  return model::ok_status();
}

// OpenMP's thread count is a per-thread setting: the limit set once in
// initialize_imaging() holds only for the thread that called it, and the
// worker threads that run jobs would start a team of one OpenMP thread per
// core inside every job (which then spin and compete with the other jobs).
// Each thread that runs a pipeline therefore sets it once for itself.
void one_library_thread_here() {
  thread_local bool done = false;
  if (done)
    return;
  MagickLib::SetMagickResourceLimit(MagickLib::ThreadsResource, 1);
  done = true;
}

} // namespace

void initialize_imaging(const image_limits& limits) {
  static std::once_flag once;
  std::call_once(once, [&limits] {
    Magick::InitializeMagick(nullptr);
    using namespace MagickLib;
    SetMagickResourceLimit(WidthResource, limits.max_width);
    SetMagickResourceLimit(HeightResource, limits.max_height);
    SetMagickResourceLimit(PixelsResource, static_cast<magick_int64_t>(limits.max_pixels));
    SetMagickResourceLimit(MemoryResource, static_cast<magick_int64_t>(limits.max_memory_bytes));
    SetMagickResourceLimit(DiskResource, static_cast<magick_int64_t>(limits.max_disk_bytes));
    // Workers run one job per core: OpenMP threads inside a job only compete.
    SetMagickResourceLimit(ThreadsResource, 1);
  });
}

model::outcome<encoded_image> run_pipeline(std::string_view input, image_format input_format,
                                           const std::vector<model::op_call>& ops,
                                           const image_limits& limits,
                                           operations::operation_context context) {
  one_library_thread_here();
  auto bound = operations::bind_operations(ops);
  if (!bound)
    return bound.error();
  // Our own header check runs first: limits are enforced before any decoder
  // allocates, and damaged files fail with a precise reason.
  auto header = probe_image(input, limits);
  if (!header)
    return header.error();
  if (header->format != input_format)
    return model::make_problem(model::error_code::corrupt_image,
                               std::string("the data is ") + format_name(header->format) +
                                   ", not " + format_name(input_format));
  auto hint = jpeg_decode_hint(*header, ops);
  operations::edit job;
  job.context = std::move(context);
  std::vector<step_time> timings;
  auto lap = std::chrono::steady_clock::now();
  auto time_step = [&](std::string step) {
    auto now = std::chrono::steady_clock::now();
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now - lap).count();
    timings.push_back({std::move(step), static_cast<std::uint32_t>(micros)});
    lap = now;
  };
  auto direct = direct_jpeg_decode(*header, ops);
  if (!direct || !decode_jpeg_directly(job.image, input, *header, *direct)) {
    if (auto decoded = decode(job.image, input, input_format, hint); !decoded)
      return decoded.error();
  }
  if (auto overlays = decode_overlays(job, limits); !overlays)
    return overlays.error();
  time_step("decode");

  // While a decode hint is pending, the image is smaller than the operations
  // assume: they work on the sizes the full image would have, so that the
  // fit that follows produces exactly the size it would without the hint.
  bool hint_pending = hint.has_value();
  geometry expected = geometry_of(job.image);
  if (hint_pending) {
    expected.width = header->width;
    expected.height = header->height;
  }
  for (const auto& op : *bound) {
    const std::string& name = op.entry->spec.name;
    auto target = op.entry->output(expected, op.args);
    if (!target)
      return target.error();
    if (auto violation = size_violation(target->width, target->height, limits))
      return model::make_problem(model::error_code::image_too_large,
                                 name + ": the result would be " + *violation);
    try {
      operations::apply_of (*op.entry)(job, op.args, *target);
    } catch (const std::exception& failure) {
      return library_problem(failure, model::error_code::operation_failed, name);
    }
    hint_pending = hint_pending && op.entry->role != operations::shrink_role::fit;
    expected = hint_pending ? *target : geometry_of(job.image);
    job.applied.push_back(name);
    time_step(name);
  }
  if (only_measures(ops))
    return unchanged(input, input_format, job, std::move(timings));
  auto encoded = encode(job, input_format);
  if (encoded) {
    time_step("encode");
    encoded->timings = std::move(timings);
    encoded->measurements = std::move(job.measurements);
  }
  return encoded;
}

} // namespace imaging
