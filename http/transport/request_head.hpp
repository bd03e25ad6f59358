#pragma once

// The head of a request (request line and field lines) read strictly by RFC
// 9112 sections 2-5 and RFC 9110 sections 5 and 7.2. Whatever the RFCs say a
// server must reject, or that lets two parsers disagree about a message
// (the start of request smuggling behind a proxy), is refused, never
// repaired: single spaces in the request line, no whitespace before a
// field's colon, no obs-fold, no control characters, exactly one valid Host
// in HTTP/1.1. Pure: no I/O.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/model/problem.hpp"
#include "http/http_message.hpp"

namespace http_api {

/// The longest request line read; a longer one is answered 414 (RFC 9112
/// section 3 asks recipients to support at least 8000 octets).
constexpr std::size_t max_request_line_bytes = 8192;

struct request_head {
  std::string method;               // a token, case-sensitive as sent
  std::string target;               // the request-target as sent
  int minor_version = 1;            // HTTP/1.x; minor versions above 1 read as 1
  std::vector<header_field> fields; // in order, names as sent, values without OWS
  // From the target: the path of origin-form or absolute-form ("/v1/images",
  // "/" for an absolute-form target without a path), or "*" for
  // asterisk-form; the query after '?' (empty when none), still
  // percent-encoded.
  std::string path;
  std::string query;

  /// The value of the first field named `name` (case-insensitive), or
  /// nullptr.
  const std::string* field(std::string_view name) const noexcept;

  /// The values of every field named `name`, joined with ", " as RFC 9110
  /// section 5.3 allows for list-valued fields; nullopt when there is none.
  std::optional<std::string> combined(std::string_view name) const;
};

/// The offset just past the empty line that ends the head starting at
/// bytes[0], or nullopt while it is incomplete. Lines may end in CRLF or a
/// bare LF (RFC 9112 section 2.2). `searched` is how much of `bytes` an
/// earlier call already searched, so that a head arriving in pieces is
/// scanned once.
std::optional<std::size_t> find_head_end(std::string_view bytes, std::size_t searched) noexcept;

/// Parses a complete head (as delimited by find_head_end, without leading
/// empty lines). Errors: uri_too_long for a request line over
/// max_request_line_bytes, version_not_supported for an HTTP major version
/// other than 1, invalid_request for everything else that is malformed.
model::outcome<request_head> parse_request_head(std::string_view head);

/// True for RFC 9110's tchar: the characters of methods, field names and
/// other tokens.
bool is_token_char(char c) noexcept;

} // namespace http_api
