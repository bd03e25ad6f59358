#pragma once

// The routes of the public API, by resource. Each function adds its routes
// to `routes`; the service must outlive the router.

#include "actors/service/image_service.hpp"
#include "http/routing/router.hpp"

namespace http_api {

/// POST /v1/images, GET /v1/images, GET and DELETE /v1/images/{id}.
void add_image_routes(router& routes, actors::image_service& service);

/// GET /v1/images/{id}/original, /content, /versions/{n}/content.
void add_content_routes(router& routes, actors::image_service& service);

/// POST /v1/images/{id}/commands, GET /v1/images/{id}/versions/{n}.
void add_command_routes(router& routes, actors::image_service& service);

/// GET /v1/images/{id}/signature: a signed URL's parameters
/// (routing/signed_urls.hpp).
void add_signature_routes(router& routes, actors::image_service& service);

/// GET /v1/images/{id}/stats, /versions/{n}/stats.
void add_stats_routes(router& routes, actors::image_service& service);

/// GET /v1/operations, GET /v1/profiles, GET /health.
void add_catalog_routes(router& routes, const actors::image_service& service);

/// GET /v1/cluster; POST /v1/cluster/nodes/{node}/drain and /undrain.
void add_cluster_routes(router& routes, actors::image_service& service);

/// GET /ready (200 when storage is open and a worker is up, else 503) and
/// GET /metrics (Prometheus text format).
void add_telemetry_routes(router& routes, actors::image_service& service);

/// GET /v1/access: whether keys are required, and the request's scope.
void add_access_routes(router& routes);

/// The web console: GET / and GET /console/{file}.
void add_console_routes(router& routes);

/// All of the above.
void add_api_routes(router& routes, actors::image_service& service);

} // namespace http_api
