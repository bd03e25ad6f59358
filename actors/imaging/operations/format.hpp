#pragma once

#include "actors/imaging/operations/operation.hpp"

namespace imaging::operations {

/// Chooses the output format; the last one in a command wins.
struct format : keeps_geometry {
  static operation_spec spec() {
    return {"format",
            "Encode the result in this format (default: the input's format; JPEG for HEIC, "
            "which is only read). PNG, TIFF and JPEG XL keep 16-bit depth; AVIF keeps 10 "
            "bits; JPEG, WebP, GIF and BMP write 8.",
            {choice_param("format", {"jpeg", "png", "webp", "tiff", "gif", "bmp", "jxl", "avif"},
                          "Output format."),
             with_default(choice_param("mode", {"lossy", "lossless"},
                                       "lossless: WebP and AVIF without loss (AVIF as 4:4:4 "
                                       "RGB); PNG, TIFF, GIF and BMP always are. JPEG and "
                                       "JPEG XL have no lossless mode here."),
                          "lossy")}};
  }

  static constexpr shrink_role role = shrink_role::transparent;

  static model::status check(const arguments& args) {
    const auto& name = args[0].text;
    if (args[1].text == "lossless" && (name == "jpeg" || name == "jxl"))
      return model::make_problem(model::error_code::invalid_operation,
                                 "format: " + name + " has no lossless mode");
    return model::ok_status();
  }

  static void apply(edit& target, const arguments& args, const geometry&) {
    target.output_format = format_from_name(args[0].text);
    target.lossless = args[1].text == "lossless";
  }
};

} // namespace imaging::operations
