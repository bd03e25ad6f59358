#include "actors/imaging/magick_errors.hpp"

#include <new>

#include <Magick++.h>

namespace imaging {

std::string library_reason(const std::exception& failure) {
  std::string reason = failure.what();
  const std::string prefix = "Magick: ";
  if (reason.compare(0, prefix.size(), prefix) == 0)
    reason.erase(0, prefix.size());
  // Details in parentheses may name files; the location is internal.
  std::size_t cut = std::min(reason.find(" ("), reason.find(" reported by "));
  if (cut != std::string::npos)
    reason.erase(cut);
  return reason.empty() ? "unspecified failure" : reason;
}

model::problem library_problem(const std::exception& failure, model::error_code code,
                               const std::string& context) {
  bool over_limit = dynamic_cast<const Magick::ErrorResourceLimit*>(&failure) ||
                    dynamic_cast<const Magick::WarningResourceLimit*>(&failure) ||
                    dynamic_cast<const std::bad_alloc*>(&failure);
  return model::make_problem(over_limit ? model::error_code::image_too_large : code,
                             context + ": " + library_reason(failure));
}

} // namespace imaging
