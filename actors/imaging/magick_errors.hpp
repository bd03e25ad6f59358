#pragma once

// How GraphicsMagick's exceptions become problems. Library messages carry
// source locations and sometimes file names; clients get only the reason.

#include <exception>
#include <string>

#include "actors/model/problem.hpp"

namespace imaging {

/// The reason of a Magick++ exception without the "Magick: " prefix, the
/// parenthesised details and the source location: "Magick: Premature end
/// of JPEG file () reported by coders/jpeg.c:386 (...)" gives "Premature
/// end of JPEG file".
std::string library_reason(const std::exception& failure);

/// image_too_large for resource-limit and out-of-memory failures,
/// otherwise `code`; the message is `context` + ": " + the reason.
model::problem library_problem(const std::exception& failure, model::error_code code,
                               const std::string& context);

} // namespace imaging
