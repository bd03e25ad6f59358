#pragma once

// Just enough of multipart/form-data (RFC 7578, RFC 2046 section 5.1) to
// take one uploaded file out of a form. A pure function over the body: it
// copies nothing and never reads outside the input.

#include <cstddef>
#include <string_view>

#include "actors/model/problem.hpp"

namespace http_api {

/// Upper bound on the header block of one part.
constexpr std::size_t max_part_header_bytes = 8192;

/// Where a field's content lies inside the body.
struct byte_range {
  std::size_t offset = 0;
  std::size_t length = 0;
};

/// Finds the content of the form field `field` in `body`, a
/// multipart/form-data body whose boundary comes from `content_type` (the
/// request's Content-Type header). Errors, all invalid_request with a message
/// saying which: Content-Type not multipart/form-data, missing or invalid
/// boundary, body without the boundary, a malformed delimiter line, part
/// headers malformed or longer than max_part_header_bytes, a part without a
/// form-data Content-Disposition name, no closing delimiter, the field
/// missing or present twice. Time is linear in the body size.
model::outcome<byte_range> find_form_field(std::string_view content_type, std::string_view body,
                                           std::string_view field);

} // namespace http_api
