#include <nlohmann/json.hpp>

#include "actors/model/clock.hpp"
#include "http/routes/request_params.hpp"
#include "http/routes/routes.hpp"
#include "http/routes/service_reply.hpp"
#include "http/routing/signed_urls.hpp"
#include "http/views/json_response.hpp"

namespace http_api {

namespace {

// A signature for the image's content URLs, to whoever may read the image.
void get_signature(actors::image_service& service, http_request& request,
                   const responder& respond) {
  auto id = image_id_or_answer(request, respond, {"ttl"});
  if (!id)
    return;
  auto seconds = signature_seconds_param(request);
  if (answer_if_failed(seconds, respond))
    return;
  auto expires_s = model::now_ms() / 1000 + *seconds;
  service.get_image(
      *id, reply_with<model::image_record>(respond, [expires_s](model::image_record image) {
        auto signature = url_signer::of_process().sign(image.id, expires_s);
        std::string query = std::string(signature_expiry_param) + "=" +
                            std::to_string(signature.expires_s) + "&" +
                            std::string(signature_param) + "=" + signature.sig;
        nlohmann::json body = {{"image", image.id},
                               {"exp", signature.expires_s},
                               {"expires", model::format_rfc3339(signature.expires_s * 1000)},
                               {"sig", signature.sig},
                               {"query", query},
                               {"original", "/v1/images/" + image.id + "/original?" + query}};
        auto response = json_response(200, body);
        // A signature is a credential: no cache may keep it.
        return std::move(response.with_header("Cache-Control", "no-store"));
      }));
}

} // namespace

void add_signature_routes(router& routes, actors::image_service& service) {
  routes.add("GET", "/v1/images/{id}/signature", with_service(service, get_signature));
}

} // namespace http_api
