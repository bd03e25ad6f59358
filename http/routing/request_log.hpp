#pragma once

// One structured log line per answered request: its id, method, route,
// path, status, time taken, the API key's name and the client's address.
// Never a key, a query or a body. The id comes from the client's
// X-Request-Id header when usable, else is made up, and is echoed in the
// response's X-Request-Id so both sides can find the line.

#include "http/routing/router.hpp"

namespace http_api {

/// A middleware logging each request once answered: at info when it
/// changes state (not GET or HEAD), at warn for 5xx answers, at debug for
/// the rest. Head checks run before it, so the API key's name is known.
middleware log_requests();

} // namespace http_api
