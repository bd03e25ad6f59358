#pragma once

// Who may do what: the API's access rules in one table, and the head check
// that enforces them with the configured API keys.

#include <memory>
#include <string_view>

#include "http/routing/api_keys.hpp"
#include "http/routing/router.hpp"

namespace http_api {

enum class access_level { open, device, admin };

/// What a request needs, from its method (HEAD as GET) and the pattern of
/// the route it matched (empty when none matched). open: GET /health,
/// /ready and /metrics, which carry no image data and must answer probes
/// without a key; GET /v1/access, which says what a caller may do; GET
/// /v1/openapi.json, the API's description, which tools fetch without one;
/// the console's files; and OPTIONS, which answers only
/// which methods a path has (and CORS preflights, which browsers send
/// without credentials); admin: DELETE /v1/images/{id}, the cluster and the
/// webhooks; device: everything else, unknown paths included, so that a
/// route added later is protected unless it is declared here.
access_level required_access(std::string_view method, std::string_view route);

/// A head check enforcing required_access() with `keys`. A request that
/// needs a key must carry "Authorization: Bearer <key>" with a configured
/// key; it is refused 401 unauthorized (with WWW-Authenticate: Bearer) when
/// the header is missing or malformed or the key unknown, 403 forbidden when
/// the key's scope is too small, before its body is read. Accepted requests
/// go on with request.key_name set. Refusals are logged (never the key).
/// With an empty ring every request goes on with an empty key_name.
head_check require_api_keys(std::shared_ptr<const key_ring> keys);

} // namespace http_api
