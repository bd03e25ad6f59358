#include <cstdint>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "http/routes/header_value.hpp"
#include "http/routes/image_query_params.hpp"
#include "http/routes/query.hpp"
#include "http/routes/request_params.hpp"
#include "http/routes/routes.hpp"
#include "http/routes/service_reply.hpp"
#include "http/routes/upload_body.hpp"
#include "http/views/json_response.hpp"
#include "http/views/json_views.hpp"

namespace http_api {

namespace {

// The upload's parameters, from the request's head: all but its bytes.
model::outcome<actors::upload_request> upload_head(http_request& request) {
  if (auto accepted = accept_only(request, {"profile", "label"}); !accepted)
    return accepted.error();
  auto labels = query_params(request, "label");
  if (!labels)
    return labels.error();
  auto profile = query_param(request, "profile");
  if (!profile)
    return profile.error();
  auto key = idempotency_key_header(request);
  if (!key)
    return key.error();
  if (*profile && (*profile)->empty())
    return model::make_problem(model::error_code::invalid_request,
                               "profile must not be empty (see GET /v1/profiles)");
  actors::upload_request upload;
  for (const auto& label : *labels)
    if (auto added = model::add_label(upload.labels, label); !added)
      return added.error();
  upload.profile = profile->value_or("");
  upload.idempotency_key = std::move(*key);
  upload.who.key_name = request.key_name;
  return upload;
}

// Each non-empty line of `lines` (LF or CRLF) as a label.
model::status add_lines_as_labels(model::label_set& labels, std::string_view lines) {
  while (!lines.empty()) {
    auto end = lines.find('\n');
    auto line = lines.substr(0, end);
    lines = end == std::string_view::npos ? std::string_view() : lines.substr(end + 1);
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    if (!line.empty())
      if (auto added = model::add_label(labels, line); !added)
        return added;
  }
  return model::ok_status();
}

// Where the body goes as it arrives, once the head passed the checks.
body_opener open_upload_body(actors::image_service& service) {
  return [&service](http_request& head) -> std::shared_ptr<model::byte_sink> {
    auto upload = upload_head(head);
    if (!upload)
      return upload_body::refused(upload.error());
    return upload_body::open(service, *upload, head.header("Content-Type"));
  };
}

void upload(actors::image_service& service, http_request& request, const responder& respond) {
  auto upload = upload_head(request);
  if (answer_if_failed(upload, respond))
    return;
  auto body = std::dynamic_pointer_cast<upload_body>(request.streamed_body);
  if (!body) {
    // The body came with the head (a request handed over whole, or one
    // without a body): it goes the same way.
    body = upload_body::open(service, *upload, request.header("Content-Type"));
    if (!request.body.empty())
      body->append(request.body);
  }
  auto stream = body->finish();
  if (answer_if_failed(stream, respond))
    return;
  if (const auto* lines = body->form_labels())
    if (answer_if_failed(add_lines_as_labels(upload->labels, *lines), respond))
      return;
  upload->streamed = std::move(*stream);
  service.upload(std::move(*upload),
                 reply_with<model::image_record>(respond, [](model::image_record image) {
                   auto response = json_response(201, image_json(image));
                   return std::move(response.with_header("Location", "/v1/images/" + image.id));
                 }));
}

void list_images(actors::image_service& service, http_request& request, const responder& respond) {
  auto query = image_query_params(request);
  if (answer_if_failed(query, respond))
    return;
  service.list_images(std::move(*query),
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
  routes.add("POST", "/v1/images", with_service(service, upload), open_upload_body(service));
  routes.add("GET", "/v1/images", with_service(service, list_images));
  routes.add("GET", "/v1/images/{id}", with_service(service, get_image));
  routes.add("DELETE", "/v1/images/{id}", with_service(service, delete_image));
}

} // namespace http_api
