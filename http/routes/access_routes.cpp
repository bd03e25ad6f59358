#include <nlohmann/json.hpp>

#include "http/routes/query.hpp"
#include "http/routes/routes.hpp"
#include "http/routes/service_reply.hpp"
#include "http/views/json_response.hpp"

namespace http_api {

namespace {

// Without keys everyone may do everything; with keys, the presented key's
// scope, or null when none or no valid one was presented.
nlohmann::json access_json(const http_request& request) {
  if (!request.keys_required)
    return {{"keys_required", false}, {"scope", "admin"}, {"key", nullptr}};
  if (request.key_name.empty())
    return {{"keys_required", true}, {"scope", nullptr}, {"key", nullptr}};
  return {{"keys_required", true}, {"scope", request.key_scope}, {"key", request.key_name}};
}

} // namespace

void add_access_routes(router& routes) {
  // Clients (the console) show only what the caller may do; the access
  // check refuses the rest regardless.
  routes.add("GET", "/v1/access", [](http_request& request, const responder& respond) {
    if (answer_if_failed(accept_only(request, {}), respond))
      return;
    auto response = json_response(200, access_json(request));
    respond(std::move(response.with_header("Cache-Control", "no-store")));
  });
}

} // namespace http_api
