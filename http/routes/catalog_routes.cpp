#include <nlohmann/json.hpp>

#include "actors/imaging/operation_catalog.hpp"
#include "http/routes/query.hpp"
#include "http/routes/routes.hpp"
#include "http/routes/service_reply.hpp"
#include "http/views/json_response.hpp"
#include "http/views/json_views.hpp"

namespace http_api {

namespace {

// A handler answering `build()`; query parameters are refused, as elsewhere.
handler without_params(std::function<http_response()> build) {
  return [build = std::move(build)](http_request& request, const responder& respond) {
    if (answer_if_failed(accept_only(request, {}), respond))
      return;
    respond(build());
  };
}

} // namespace

void add_catalog_routes(router& routes, const actors::image_service& service) {
  // The catalog never changes while the process runs: serialise it once.
  routes.add(
      "GET", "/v1/operations",
      without_params([catalog = json_response(200, catalog_json(imaging::operation_catalog()))] {
        return catalog;
      }));
  routes.add("GET", "/v1/profiles", without_params([&service] {
               return json_response(200, profiles_json(service.profiles()));
             }));
  routes.add("GET", "/health", without_params([] {
               return json_response(200, {{"status", "ok"}});
             }));
}

void add_api_routes(router& routes, actors::image_service& service) {
  add_image_routes(routes, service);
  add_content_routes(routes, service);
  add_command_routes(routes, service);
  add_stats_routes(routes, service);
  add_signature_routes(routes, service);
  add_catalog_routes(routes, service);
  add_cluster_routes(routes, service);
  add_telemetry_routes(routes, service);
  add_access_routes(routes);
  add_console_routes(routes);
}

} // namespace http_api
