#pragma once

// GET /v1/openapi.json: the document of every route added before it.

#include "http/openapi/route_docs.hpp"
#include "http/routing/router.hpp"

namespace http_api::openapi {

/// Adds GET /v1/openapi.json, answering the document of the routes of
/// `routes` (this one included) as they are now: call it after every other
/// route is added. Logs an error naming each route without a description
/// and each description without a route.
void add_openapi_route(router& routes, const document_limits& limits);

} // namespace http_api::openapi
