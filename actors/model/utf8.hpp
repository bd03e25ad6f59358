#pragma once

// Reading client text as UTF-8 code points, for the checks of labels and
// operation texts.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace model {

/// The code point starting at text[at] (advancing `at`), nullopt for bytes
/// that are not well-formed UTF-8 (RFC 3629: no overlong forms, no
/// surrogates, nothing above U+10FFFF).
std::optional<std::uint32_t> next_code_point(std::string_view text, std::size_t& at);

/// C0 and C1 control characters and DEL.
bool is_control(std::uint32_t point);

} // namespace model
