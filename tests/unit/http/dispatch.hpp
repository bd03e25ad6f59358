#pragma once

// Requests through a router without a server, for the unit tests of routing
// and middleware.

#include <string>

#include "http/routing/router.hpp"

namespace http_test {

http_api::http_request request_for(std::string method, std::string path);

/// Dispatches synchronously and returns the response (status 0 when none
/// was sent).
http_api::http_response dispatch(const http_api::router& routes, http_api::http_request request);

/// The value of the first header `name` (exact case), or "".
std::string header_of(const http_api::http_response& response, const std::string& name);

/// The "error"."code" of a JSON error body.
std::string error_code_of(const http_api::http_response& response);

} // namespace http_test
