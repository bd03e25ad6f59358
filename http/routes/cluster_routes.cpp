#include <nlohmann/json.hpp>

#include "http/routes/query.hpp"
#include "http/routes/routes.hpp"
#include "http/routes/service_reply.hpp"
#include "http/views/json_response.hpp"
#include "http/views/json_views.hpp"

namespace http_api {

void add_cluster_routes(router& routes, actors::image_service& service) {
  routes.add("GET", "/v1/cluster",
             with_service(service, [](actors::image_service& service, http_request& request,
                                      const responder& respond) {
               if (answer_if_failed(accept_only(request, {}), respond))
                 return;
               service.cluster_status(reply_with<std::vector<model::node_status>>(
                   respond, [](std::vector<model::node_status> nodes) {
                     return json_response(200, cluster_json(nodes));
                   }));
             }));
}

} // namespace http_api
