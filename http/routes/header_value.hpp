#pragma once

// Header values of the form `value; name=param; name="quoted param"`, as in
// Content-Type and Content-Disposition (RFC 9110 section 5.6.6).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace http_api {

struct parameterized_value {
  std::string value; // lower case: "multipart/form-data", "form-data"
  std::vector<std::pair<std::string, std::string>> params; // names lower case, values unquoted

  /// The first parameter called `name` (lower case), or nullptr.
  const std::string* param(std::string_view name) const noexcept;
};

/// Parses `text`; nullopt when the value is empty or the syntax is broken
/// (e.g. an unterminated quote or a parameter without '='). Linear time.
std::optional<parameterized_value> parse_parameterized(std::string_view text);

/// True when `value` is a media type's "type/subtype", both tokens (RFC 9110
/// section 8.3.1).
bool is_media_type(std::string_view value) noexcept;

/// True when an If-None-Match value names `etag` (a quoted entity tag) or is
/// "*", by the weak comparison (RFC 9110 section 13.1.2).
bool etag_matches(std::string_view if_none_match, std::string_view etag);

} // namespace http_api
