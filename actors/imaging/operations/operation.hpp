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
// apply() runs only with arguments validated against spec(), and reports
// library failures as Magick++ exceptions.
//
// The files are headers so that the catalog (imaging_core) can read the
// declarations without linking GraphicsMagick: apply() is inline and is
// only emitted where the pipeline (imaging) takes its address.

#include <optional>

#include <Magick++.h>

#include "actors/imaging/image_format.hpp"
#include "actors/imaging/operations/operation_types.hpp"

namespace imaging::operations {

/// The image being edited and the output settings chosen so far.
struct edit {
  Magick::Image image;
  std::optional<image_format> output_format;
  std::optional<unsigned> quality;
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

} // namespace imaging::operations
