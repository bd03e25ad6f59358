#pragma once

// The shape of an operation file. Each file under operations/ declares one
// struct with:
//   static operation_spec spec();      the declaration (name, parameters)
//   static constexpr shrink_role role; see operation_types.hpp
//   static model::outcome<geometry> output(const geometry&, const arguments&);
//       the size it will produce, checked against the limits before apply()
//       runs; a problem when the arguments do not fit the image
//   static void apply(edit&, const arguments&, const geometry& target);
//       the GraphicsMagick work; `target` is what output() returned.
// and, when its parameters depend on each other,
//   static model::status check(const arguments&);
//       invalid_operation, naming the operation, for arguments that do not
//       go together; runs when a call is bound, so commands are refused
//       when submitted.
// apply() runs only with arguments validated against spec() and check(),
// and reports library failures as Magick++ exceptions.
//
// The files are headers so that the catalog (imaging_core) can read the
// declarations without linking GraphicsMagick: apply() is inline and is
// only emitted where the pipeline (imaging) takes its address.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <Magick++.h>

#include "actors/imaging/image_format.hpp"
#include "actors/imaging/operations/operation_context.hpp"
#include "actors/imaging/operations/operation_types.hpp"

namespace imaging::operations {

/// The image being edited and the output settings chosen so far.
struct edit {
  Magick::Image image;
  std::optional<image_format> output_format;
  std::optional<unsigned> quality;
  operation_context context;                     // the image's id, upload time and labels
  bool lossless = false;                         // WebP and AVIF: encode without loss
  std::vector<std::string> applied;              // names of the operations done so far
  std::string measurements;                      // JSON of the last `stats`, empty if none
  std::map<std::string, Magick::Image> overlays; // context.overlays decoded, by id
};

/// output() of operations that keep the size.
struct keeps_geometry {
  static model::outcome<geometry> output(const geometry& input, const arguments&) {
    return input;
  }
};

/// An exact size: `target` is computed by us, GraphicsMagick must not round
/// it again.
inline Magick::Geometry exact_size(const geometry& target) {
  Magick::Geometry size(static_cast<unsigned>(target.width), static_cast<unsigned>(target.height));
  size.aspect(true);
  return size;
}

/// `width` x `height` at the signed offset `x`, `y`, which Magick++ writes
/// "+x+y" or "-x-y".
inline Magick::Geometry offset_geometry(std::uint64_t width, std::uint64_t height, std::int64_t x,
                                        std::int64_t y) {
  return Magick::Geometry(static_cast<unsigned>(width), static_cast<unsigned>(height),
                          static_cast<unsigned>(x < 0 ? -x : x),
                          static_cast<unsigned>(y < 0 ? -y : y), x < 0, y < 0);
}

} // namespace imaging::operations
