#pragma once

// An http_response as the bytes sent on a connection (RFC 9112).

#include <string>

#include "http/http_message.hpp"

namespace http_api {

/// The status line, the response's header fields, Content-Length,
/// "Connection: close" when `close_connection`, an empty line and the body.
/// Content-Length is the body's size, also when `head_only` (the answer to
/// HEAD, which leaves the body out), except for 204 and 304, which carry
/// none (RFC 9110 section 8.6). Header fields with a line break in their
/// name or value are left out: they would split the head. The version is
/// always HTTP/1.1, the highest the server speaks (RFC 9110 section 6.2).
std::string wire_response(const http_response& response, bool head_only, bool close_connection);

} // namespace http_api
