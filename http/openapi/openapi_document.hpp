#pragma once

// The OpenAPI 3.1 document of the API (GET /v1/openapi.json), built from
// the router's routes, the access table, the operation catalog, the
// records' field lists, the error map and the node's limits, joined with
// the hand-written route descriptions (route_docs.hpp).

#include <vector>

#include <nlohmann/json.hpp>

#include "http/openapi/route_docs.hpp"
#include "http/routing/router.hpp"

namespace http_api::openapi {

/// The document for `routes`. A route without a description is still
/// listed, marked "x-undescribed": true, so that the node serves and the
/// tests that check the document refuse it.
nlohmann::json openapi_document(const std::vector<route_declaration>& routes,
                                const document_limits& limits);

} // namespace http_api::openapi
