#pragma once

// The measurements a version stores (version_output::stats), as the
// storage and the API read them without knowing their every field.

#include <optional>
#include <string_view>

namespace model {

/// The focus score in stored measurements; nullopt when `stats` is empty,
/// not JSON or has no numeric "focus".
std::optional<double> measured_focus(std::string_view stats) noexcept;

/// Whether stored measurements were taken before any operation ("after" is
/// empty): then they describe the source of their version.
bool measured_before_operations(std::string_view stats) noexcept;

} // namespace model
