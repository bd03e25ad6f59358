#include <nlohmann/json.hpp>

#include "http/routes/header_value.hpp"
#include "http/routes/multipart.hpp"
#include "http/routes/query.hpp"
#include "http/routes/request_params.hpp"
#include "http/routes/routes.hpp"
#include "http/routes/service_reply.hpp"
#include "http/views/json_response.hpp"
#include "http/views/json_views.hpp"

namespace http_api {

namespace {

constexpr std::string_view upload_field = "image";

bool is_multipart(const std::string* content_type) {
  if (!content_type)
    return false;
  auto type = parse_parameterized(*content_type);
  return type && type->value == "multipart/form-data";
}

// The uploaded file: the whole body, or the `image` field of a form. The
// field is cut out of the body in place, so no second copy of the image is
// made.
model::outcome<std::string> upload_bytes(http_request& request) {
  const std::string* content_type = request.header("Content-Type");
  if (is_multipart(content_type)) {
    auto field = find_form_field(*content_type, request.body, upload_field);
    if (!field)
      return field.error();
    request.body.erase(0, field->offset);
    request.body.resize(field->length);
  }
  if (request.body.empty())
    return model::make_problem(model::error_code::invalid_request,
                               "no image: send its bytes as the body or as the multipart/form-data "
                               "field \"" +
                                   std::string(upload_field) + "\"");
  return std::move(request.body);
}

void upload(actors::image_service& service, http_request& request, const responder& respond) {
  if (answer_if_failed(accept_only(request, {"profile"}), respond))
    return;
  auto profile = query_param(request, "profile");
  auto key = idempotency_key_header(request);
  if (answer_if_failed(profile, respond) || answer_if_failed(key, respond))
    return;
  if (*profile && (*profile)->empty())
    return respond(error_response(model::error_code::invalid_request,
                                  "profile must not be empty (see GET /v1/profiles)"));
  auto bytes = upload_bytes(request);
  if (answer_if_failed(bytes, respond))
    return;

  actors::upload_request upload;
  upload.bytes = std::move(*bytes);
  upload.profile = profile->value_or("");
  upload.idempotency_key = std::move(*key);
  upload.who.key_name = request.key_name;
  service.upload(std::move(upload),
                 reply_with<model::image_record>(respond, [](model::image_record image) {
                   auto response = json_response(201, image_json(image));
                   return std::move(response.with_header("Location", "/v1/images/" + image.id));
                 }));
}

void list_images(actors::image_service& service, http_request& request, const responder& respond) {
  if (answer_if_failed(accept_only(request, {"limit", "before"}), respond))
    return;
  auto limit = page_limit_param(request);
  auto before = page_cursor_param(request);
  if (answer_if_failed(limit, respond) || answer_if_failed(before, respond))
    return;
  service.list_images(*limit, std::move(*before),
                      reply_with<model::image_page>(respond, [](model::image_page page) {
                        return json_response(200, page_json(page));
                      }));
}

void get_image(actors::image_service& service, http_request& request, const responder& respond) {
  auto id = image_id_or_answer(request, respond);
  if (!id)
    return;
  service.get_image(std::move(*id),
                    reply_with<model::image_record>(respond, [](model::image_record image) {
                      return json_response(200, image_json(image));
                    }));
}

void delete_image(actors::image_service& service, http_request& request, const responder& respond) {
  auto id = image_id_or_answer(request, respond);
  if (!id)
    return;
  service.delete_image(std::move(*id), reply_with<model::success>(respond, [](model::success) {
                         http_response response;
                         response.status = 204;
                         return response;
                       }));
}

} // namespace

void add_image_routes(router& routes, actors::image_service& service) {
  routes.add("POST", "/v1/images", with_service(service, upload));
  routes.add("GET", "/v1/images", with_service(service, list_images));
  routes.add("GET", "/v1/images/{id}", with_service(service, get_image));
  routes.add("DELETE", "/v1/images/{id}", with_service(service, delete_image));
}

} // namespace http_api
