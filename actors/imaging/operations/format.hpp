#pragma once

#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

/// Chooses the output format; the last one in a command wins.
struct format : keeps_geometry {
  static operation_spec spec() {
    return {
        "format",
        "Encode the result in this format (default: the input's format).",
        {choice_param("format", {"jpeg", "png", "webp", "tiff", "gif", "bmp"}, "Output format.")}};
  }

  static constexpr shrink_role role = shrink_role::transparent;

  static void apply(edit& target, const arguments& args, const geometry&) {
    target.output_format = format_from_name(args[0].text);
  }
};

} // namespace imaging::operations
