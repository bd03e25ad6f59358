#include "http/transport/message_framing.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/ascii.hpp"

namespace http_api {

namespace {

model::problem malformed(const std::string& what) {
  return model::make_problem(model::error_code::invalid_request, "malformed request: " + what);
}

// The non-empty elements of a comma-separated list (RFC 9110 section 5.6.1),
// without OWS.
std::vector<std::string_view> list_elements(std::string_view value) {
  std::vector<std::string_view> elements;
  while (true) {
    auto comma = value.find(',');
    auto element = trim_spaces(value.substr(0, comma));
    if (!element.empty())
      elements.push_back(element);
    if (comma == std::string_view::npos)
      return elements;
    value.remove_prefix(comma + 1);
  }
}

bool has_token(const std::optional<std::string>& list, std::string_view token) {
  if (!list)
    return false;
  auto elements = list_elements(*list);
  return std::any_of(elements.begin(), elements.end(), [&](std::string_view element) {
    return equals_ignoring_case(element, token);
  });
}

// Content-Length, which may repeat one value ("42, 42", RFC 9112 section
// 6.3) but never two.
model::outcome<std::uint64_t> content_length(const std::string& value, std::size_t max_body_bytes) {
  std::optional<std::string_view> agreed;
  for (auto element : list_elements(value)) {
    if (!std::all_of(element.begin(), element.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return malformed("Content-Length must be a decimal number of bytes");
    if (agreed && *agreed != element)
      return malformed("Content-Length fields disagree");
    agreed = element;
  }
  if (!agreed)
    return malformed("Content-Length must be a decimal number of bytes");
  auto digits = agreed->substr(std::min(agreed->find_first_not_of('0'), agreed->size()));
  auto limit = std::to_string(max_body_bytes);
  if (digits.size() > limit.size() || (digits.size() == limit.size() && digits > limit))
    return model::make_problem(model::error_code::payload_too_large,
                               "the request body exceeds the limit of " + limit + " bytes");
  return digits.empty() ? 0 : std::stoull(std::string(digits));
}

// Transfer-Encoding: chunked must be the last coding and appear once; we
// implement no other (RFC 9112 section 6.1).
model::status transfer_codings(const std::string& value) {
  auto codings = list_elements(value);
  if (codings.empty())
    return malformed("Transfer-Encoding is empty");
  for (std::size_t i = 0; i < codings.size(); ++i) {
    bool chunked = equals_ignoring_case(codings[i], "chunked");
    if (chunked && i + 1 != codings.size())
      return malformed("chunked must be the last transfer coding, and only once");
    if (!chunked)
      return model::make_problem(model::error_code::not_implemented,
                                 "unsupported transfer coding \"" + std::string(codings[i]) +
                                     "\"; only chunked is implemented");
  }
  return model::ok_status();
}

} // namespace

model::outcome<message_framing> framing_of(const request_head& head, std::size_t max_body_bytes) {
  message_framing framing;
  auto length = head.combined("Content-Length");
  auto coding = head.combined("Transfer-Encoding");
  if (coding && head.minor_version == 0)
    return malformed("Transfer-Encoding is not defined in HTTP/1.0");
  if (coding && length)
    return malformed("a request must not have both Content-Length and Transfer-Encoding");
  if (coding) {
    if (auto valid = transfer_codings(*coding); !valid)
      return valid.error();
    framing.body.delimited_by = body_framing::kind::chunked;
  } else if (length) {
    auto bytes = content_length(*length, max_body_bytes);
    if (!bytes)
      return bytes.error();
    framing.body.length = *bytes;
    if (*bytes > 0)
      framing.body.delimited_by = body_framing::kind::length;
  }

  auto connection = head.combined("Connection");
  if (has_token(connection, "close")) {
    framing.keep_alive = false;
  } else if (head.minor_version == 0) {
    framing.keep_alive = framing.keep_alive_announced = has_token(connection, "keep-alive");
  }

  if (auto expect = head.combined("Expect"); expect && head.minor_version >= 1) {
    for (auto expectation : list_elements(*expect)) {
      if (!equals_ignoring_case(expectation, "100-continue"))
        return model::make_problem(model::error_code::expectation_failed,
                                   "only the expectation 100-continue is supported");
      framing.expects_continue = framing.body.delimited_by != body_framing::kind::none;
    }
  }
  return framing;
}

} // namespace http_api
