#include <nlohmann/json.hpp>

#include "actors/imaging/operation_parser.hpp"
#include "http/ascii.hpp"
#include "http/routes/command_body.hpp"
#include "http/routes/header_value.hpp"
#include "http/routes/query.hpp"
#include "http/routes/request_params.hpp"
#include "http/routes/routes.hpp"
#include "http/routes/service_reply.hpp"
#include "http/views/json_response.hpp"
#include "http/views/json_views.hpp"

namespace http_api {

namespace {

enum class command_form { json, text };

model::problem unsupported_type(std::string what) {
  return model::make_problem(model::error_code::unsupported_media_type,
                             std::move(what) +
                                 "; accepted: application/json, text/plain (charset utf-8)");
}

// Which form the body is in, from its Content-Type.
model::outcome<command_form> form_of(const http_request& request) {
  const std::string* header = request.header("Content-Type");
  if (!header)
    return unsupported_type("Content-Type is missing");
  auto type = parse_parameterized(*header);
  if (!type || !is_media_type(type->value))
    return model::make_problem(model::error_code::invalid_request,
                               "Content-Type " + quote_input(*header) + " is not a media type");
  const std::string* charset = type->param("charset");
  if (charset && !equals_ignoring_case(*charset, "utf-8") &&
      !equals_ignoring_case(*charset, "us-ascii"))
    return unsupported_type("charset " + quote_input(*charset) + " is not supported");
  if (type->value == "application/json")
    return command_form::json;
  if (type->value == "text/plain")
    return command_form::text;
  return unsupported_type("Content-Type " + quote_input(type->value) + " is not supported");
}

// The command from a text body, with the base from ?base=.
model::outcome<model::command> text_command(const http_request& request) {
  auto base = query_param(request, "base");
  if (!base)
    return base.error();
  model::command parsed;
  if (*base) {
    auto number = parse_base(**base);
    if (!number)
      return number.error();
    parsed.base = *number;
  }
  auto ops = imaging::parse_operations_text(request.body);
  if (!ops)
    return ops.error();
  parsed.ops = std::move(*ops);
  return parsed;
}

// The command in either form, with ?reuse=.
model::outcome<model::command> parse_command(const http_request& request) {
  auto form = form_of(request);
  if (!form)
    return form.error();
  bool text = *form == command_form::text;
  auto accepted = text ? accept_only(request, {"wait", "base", "reuse"})
                       : accept_only(request, {"wait", "reuse"});
  if (!accepted)
    return accepted.error();
  auto reuse = reuse_param(request);
  if (!reuse)
    return reuse.error();
  auto command = text ? text_command(request) : parse_json_command(request.body);
  if (command)
    command->reuse = *reuse;
  return command;
}

std::string version_location(const std::string& id, std::uint32_t number) {
  return "/v1/images/" + id + "/versions/" + std::to_string(number);
}

void submit_command(actors::image_service& service, http_request& request,
                    const responder& respond) {
  auto id = image_id_param(request, 0);
  if (answer_if_failed(id, respond))
    return;
  auto command = parse_command(request);
  if (answer_if_failed(command, respond))
    return;
  auto wait = wait_param(request);
  auto key = idempotency_key_header(request);
  if (answer_if_failed(wait, respond) || answer_if_failed(key, respond))
    return;

  actors::command_request submit;
  submit.image_id = *id;
  submit.command = std::move(*command);
  submit.wait_seconds = *wait;
  submit.idempotency_key = std::move(*key);
  submit.who.key_name = request.key_name;
  service.submit_command(std::move(submit),
                         reply_with<actors::command_reply>(
                             respond, [id = *id, wait = *wait](actors::command_reply reply) {
                               // 200 only when the client waited and the version settled in time.
                               auto response = json_response(wait > 0 && reply.settled ? 200 : 202,
                                                             version_json(reply.version));
                               return std::move(response.with_header(
                                   "Location", version_location(id, reply.version.number)));
                             }));
}

void get_version(actors::image_service& service, http_request& request, const responder& respond) {
  auto version = version_ref_or_answer(request, respond);
  if (!version)
    return;
  service.get_version(std::move(version->image_id), version->number,
                      reply_with<model::version_record>(respond, [](model::version_record v) {
                        return json_response(200, version_json(v));
                      }));
}

} // namespace

void add_command_routes(router& routes, actors::image_service& service) {
  routes.add("POST", "/v1/images/{id}/commands", with_service(service, submit_command));
  routes.add("GET", "/v1/images/{id}/versions/{n}", with_service(service, get_version));
}

} // namespace http_api
