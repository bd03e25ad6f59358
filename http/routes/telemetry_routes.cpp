#include <nlohmann/json.hpp>

#include "http/routes/query.hpp"
#include "http/routes/routes.hpp"
#include "http/routes/service_reply.hpp"
#include "http/views/error_response.hpp"
#include "http/views/json_response.hpp"

namespace http_api {

void add_telemetry_routes(router& routes, actors::image_service& service) {
  routes.add("GET", "/ready",
             with_service(service, [](actors::image_service& service, http_request& request,
                                      const responder& respond) {
               if (answer_if_failed(accept_only(request, {}), respond))
                 return;
               service.readiness(reply_with<model::success>(respond, [](model::success) {
                 return json_response(200, {{"status", "ready"}});
               }));
             }));
  routes.add("GET", "/metrics",
             with_service(service, [](actors::image_service& service, http_request& request,
                                      const responder& respond) {
               if (answer_if_failed(accept_only(request, {}), respond))
                 return;
               service.metrics(reply_with<std::string>(respond, [](std::string text) {
                 http_response response;
                 response.status = 200;
                 response.body = std::move(text);
                 return response.with_header("Content-Type",
                                             "text/plain; version=0.0.4; charset=utf-8");
               }));
             }));
}

} // namespace http_api
