#pragma once

// Cross-origin resource sharing (the Fetch standard's CORS protocol) for
// dashboards served from another origin: which origin may read the API's
// answers from a browser, and what a preflight is told.

#include <string>

#include "http/routing/router.hpp"

namespace http_api {

/// The response filter for `allowed_origin`: "*" (any origin) or one
/// origin as browsers send it ("https://dashboard.example:8443"). Answers to
/// a request whose Origin is allowed get Access-Control-Allow-Origin and
/// Access-Control-Expose-Headers (Location, ETag, ...); answers to a
/// preflight (OPTIONS with Access-Control-Request-Method) also get the
/// allowed methods (the path's Allow), request headers (Authorization,
/// Content-Type, Idempotency-Key, If-None-Match, Range, X-Request-Id) and a
/// max age. With one origin, every answer says "Vary: Origin", so that
/// caches keep answers for different origins apart.
response_filter cors_filter(std::string allowed_origin);

/// True when `origin` is "*" or an origin: scheme "://" host [":" port],
/// without path, query or trailing slash.
bool is_valid_cors_origin(const std::string& origin);

} // namespace http_api
