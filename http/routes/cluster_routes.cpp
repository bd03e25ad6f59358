#include <algorithm>

#include <nlohmann/json.hpp>

#include "http/routes/query.hpp"
#include "http/routes/routes.hpp"
#include "http/routes/service_reply.hpp"
#include "http/views/json_response.hpp"
#include "http/views/json_views.hpp"

namespace http_api {

namespace {

void get_cluster(actors::image_service& service, http_request& request, const responder& respond) {
  if (answer_if_failed(accept_only(request, {}), respond))
    return;
  service.cluster_status(
      reply_with<model::cluster_overview>(respond, [](model::cluster_overview cluster) {
        return json_response(200, cluster_json(cluster));
      }));
}

// Drains or undrains a node, then answers with the node as it stands.
handler drain_node(actors::image_service& service, bool draining) {
  return with_service(service, [draining](actors::image_service& service, http_request& request,
                                          const responder& respond) {
    if (answer_if_failed(accept_only(request, {}), respond))
      return;
    auto node = request.path_params.at(0);
    service.drain_node(
        node, draining, [&service, respond, node](model::outcome<model::success> done) {
          if (answer_if_failed(done, respond))
            return;
          service.cluster_status(
              reply_with<model::cluster_overview>(respond, [node](model::cluster_overview cluster) {
                auto found = std::find_if(cluster.nodes.begin(), cluster.nodes.end(),
                                          [&](const auto& each) { return each.id == node; });
                if (found == cluster.nodes.end())
                  return json_response(200, {{"id", node}});
                return json_response(200, node_json(*found));
              }));
        });
  });
}

} // namespace

void add_cluster_routes(router& routes, actors::image_service& service) {
  routes.add("GET", "/v1/cluster", with_service(service, get_cluster));
  routes.add("POST", "/v1/cluster/nodes/{node}/drain", drain_node(service, true));
  routes.add("POST", "/v1/cluster/nodes/{node}/undrain", drain_node(service, false));
}

} // namespace http_api
