#pragma once

// Range requests on image content (RFC 9110 section 14): one byte range of
// a representation whose length is known. Pure.

#include <cstdint>
#include <string_view>

namespace http_api {

struct range_selection {
  enum class kind {
    whole,        // no usable Range: answer 200 with everything
    partial,      // answer 206 with bytes [first, last]
    unsatisfiable // answer 416
  };
  kind answer = kind::whole;
  std::uint64_t first = 0;
  std::uint64_t last = 0; // inclusive
};

/// What to send for a Range field `range` on content of `length` bytes. A
/// single "bytes=" range is honoured: first-last (last clamped to the end),
/// first- and -suffix. Other units, several ranges and malformed values
/// are ignored (the whole content is sent, which RFC 9110 section 14.2
/// allows); a range starting at or past the end, or an empty suffix, is
/// unsatisfiable.
range_selection select_range(std::string_view range, std::uint64_t length) noexcept;

} // namespace http_api
