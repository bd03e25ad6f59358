#pragma once

// An http_response as the bytes sent on a connection (RFC 9112). Pure.

#include <string>
#include <string_view>

#include "http/http_message.hpp"

namespace http_api {

/// What the answer says about the connection (RFC 9112 section 9.3).
enum class connection_option {
  none,       // HTTP/1.1 default: the connection persists
  keep_alive, // "Connection: keep-alive", to an HTTP/1.0 client that asked for it
  close,      // "Connection: close": the last answer on the connection
};

struct wire_options {
  // The answer to HEAD: the body is left out, its Content-Length kept (RFC
  // 9110 section 9.3.2).
  bool head_only = false;
  connection_option connection = connection_option::none;
  // The value of the Date field (RFC 9110 section 6.6.1); empty: none.
  std::string_view date;
  // How long the server keeps an idle connection, announced as
  // "Keep-Alive: timeout=N" when the connection persists, so that clients
  // which read it (Node.js's fetch among them) stop reusing it first
  // rather than race the close; 0: not announced.
  long keep_alive_seconds = 0;
  // The body goes on until the connection closes (a stream): no
  // Content-Length (RFC 9112 section 6.3, rule 8).
  bool until_close = false;
};

/// The head of the answer: the status line, the response's header fields,
/// Date, Content-Length, Connection, Keep-Alive and the empty line; the body follows it
/// on the wire unless options.head_only. Content-Length is the body's size,
/// except for 1xx, 204 and 304, which carry none (RFC 9110 section 8.6).
/// Header fields with a line break in their name or value are left out:
/// they would split the head. The version is always HTTP/1.1, the highest
/// the server speaks (RFC 9110 section 6.2).
std::string wire_head(const http_response& response, const wire_options& options);

/// The reason phrase of `status` ("Not Found"), or "" for codes without one;
/// clients ignore it (RFC 9112 section 4).
std::string_view reason_phrase(int status) noexcept;

} // namespace http_api
