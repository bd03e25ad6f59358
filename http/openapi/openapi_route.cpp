#include "http/openapi/openapi_route.hpp"

#include <memory>

#include <spdlog/spdlog.h>

#include "http/openapi/openapi_document.hpp"
#include "http/routes/query.hpp"
#include "http/routes/service_reply.hpp"
#include "http/views/json_response.hpp"

namespace http_api::openapi {

void add_openapi_route(router& routes, const document_limits& limits) {
  // Filled once the route is added, so that the document lists it too.
  auto document = std::make_shared<http_response>();
  routes.add("GET", "/v1/openapi.json",
             [document](http_request& request, const responder& respond) {
               if (answer_if_failed(accept_only(request, {}), respond))
                 return;
               respond(*document);
             });
  auto declared = routes.declarations();
  auto drift = drift_of(declared, route_docs(limits));
  for (const auto& route : drift.undescribed)
    spdlog::error("the route {} {} has no description in http/openapi/", route.method,
                  route.pattern);
  for (const auto& route : drift.unrouted)
    spdlog::error("http/openapi/ describes {} {}, which is no route", route.method, route.pattern);
  *document = json_response(200, openapi_document(declared, limits));
}

} // namespace http_api::openapi
