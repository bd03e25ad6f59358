#include "http/routes/multipart.hpp"

#include <cstring>
#include <optional>
#include <string>

#include "http/ascii.hpp"
#include "http/routes/header_value.hpp"

namespace http_api {

namespace {

constexpr std::string_view crlf = "\r\n";

model::problem malformed(std::string message) {
  return model::make_problem(model::error_code::invalid_request,
                             "multipart/form-data: " + std::move(message));
}

// RFC 2046 bchars: 1 to 70 of them, not ending with a space.
bool is_valid_boundary(std::string_view boundary) {
  if (boundary.empty() || boundary.size() > 70 || boundary.back() == ' ')
    return false;
  for (char c : boundary) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && (c == '\0' || std::strchr("'()+_,-./:=? ", c) == nullptr))
      return false;
  }
  return true;
}

// The form-data name of a part from its header block (lines without the
// final empty line); nullopt when the block is malformed or names nothing.
std::optional<std::string> part_name(std::string_view headers) {
  std::optional<std::string> name;
  while (!headers.empty()) {
    auto end = headers.find(crlf);
    auto line = headers.substr(0, end);
    headers = end == std::string_view::npos ? std::string_view{} : headers.substr(end + 2);
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return std::nullopt;
    if (!equals_ignoring_case(line.substr(0, colon), "content-disposition"))
      continue;
    auto disposition = parse_parameterized(line.substr(colon + 1));
    if (!disposition || disposition->value != "form-data" || !disposition->param("name"))
      return std::nullopt;
    name = *disposition->param("name");
  }
  return name;
}

} // namespace

model::outcome<byte_range> find_form_field(std::string_view content_type, std::string_view body,
                                           std::string_view field) {
  auto type = parse_parameterized(content_type);
  if (!type || type->value != "multipart/form-data")
    return malformed("Content-Type is not multipart/form-data");
  const std::string* boundary = type->param("boundary");
  if (!boundary)
    return malformed("Content-Type has no boundary parameter");
  if (!is_valid_boundary(*boundary))
    return malformed("the boundary must be 1 to 70 characters allowed by RFC 2046");

  const std::string delimiter = "\r\n--" + *boundary;
  const std::string_view first_delimiter = std::string_view(delimiter).substr(2);
  // The first delimiter opens the body or follows a preamble line.
  std::size_t pos = 0;
  if (body.substr(0, first_delimiter.size()) == first_delimiter) {
    pos = first_delimiter.size();
  } else {
    auto found = body.find(delimiter);
    if (found == std::string_view::npos)
      return malformed("the body does not contain the boundary");
    pos = found + delimiter.size();
  }

  std::optional<byte_range> result;
  while (body.substr(pos, 2) != "--") {
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t'))
      ++pos;
    if (body.substr(pos, 2) != crlf)
      return malformed("a boundary line is not followed by CRLF");
    pos += 2;

    if (body.substr(pos, 2) == crlf)
      return malformed("a part has no headers");
    auto window = body.substr(pos, max_part_header_bytes);
    auto blank = window.find("\r\n\r\n");
    if (blank == std::string_view::npos)
      return malformed("part headers are unterminated or longer than " +
                       std::to_string(max_part_header_bytes) + " bytes");
    auto name = part_name(window.substr(0, blank));
    if (!name)
      return malformed("a part has no Content-Disposition: form-data with a name");
    std::size_t content_start = pos + blank + 4;

    auto next = body.find(delimiter, content_start);
    if (next == std::string_view::npos)
      return malformed("the body ends without a closing boundary");
    if (*name == field) {
      if (result)
        return malformed("the field \"" + std::string(field) + "\" appears more than once");
      result = byte_range{content_start, next - content_start};
    }
    pos = next + delimiter.size();
  }
  if (!result)
    return malformed("no field named \"" + std::string(field) + "\"");
  return *result;
}

} // namespace http_api
