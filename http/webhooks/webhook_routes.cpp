#include "http/webhooks/webhook_routes.hpp"

#include <nlohmann/json.hpp>

#include "actors/model/clock.hpp"
#include "http/routes/header_value.hpp"
#include "http/routes/query.hpp"
#include "http/routes/service_reply.hpp"
#include "http/views/error_response.hpp"
#include "http/views/json_response.hpp"
#include "http/views/json_views.hpp"

namespace webhooks {

namespace {

using http_api::http_request;
using http_api::http_response;
using http_api::responder;
using http_api::text_or_null;
using http_api::time_or_null;
using json = nlohmann::json;

model::problem invalid(std::string message) {
  return model::make_problem(model::error_code::invalid_request, std::move(message));
}

json webhook_json(const model::webhook& hook) {
  auto types = json::array();
  for (auto type : hook.filter.types)
    types.push_back(model::to_string(type));
  auto labels = json::array();
  for (const auto& [key, value] : hook.filter.labels)
    labels.push_back(key + ":" + value);
  return {{"id", hook.id},
          {"url", hook.url},
          {"events", types},
          {"filter", {{"label", labels}}},
          {"created", model::format_rfc3339(hook.created_ms)},
          {"created_by", text_or_null(hook.created_by)}};
}

json deliveries_json(const model::delivery_state& state, bool with_recent) {
  json deliveries = {
      {"last_event", text_or_null(state.cursor)},
      {"delivered", state.delivered},
      {"given_up", state.given_up},
      {"attempts", state.attempts},
      {"failing_since", time_or_null(state.failing_since_ms)},
      {"next_retry", state.attempts > 0 ? time_or_null(state.next_attempt_ms) : json(nullptr)}};
  if (with_recent) {
    auto recent = json::array();
    for (auto it = state.recent.rbegin(); it != state.recent.rend(); ++it)
      recent.push_back({{"event", it->event},
                        {"time", model::format_rfc3339(it->time_ms)},
                        {"status", it->status == 0 ? json(nullptr) : json(it->status)},
                        {"attempts", it->attempts},
                        {"outcome", it->outcome},
                        {"error", text_or_null(it->error)}});
    deliveries["recent"] = recent;
  }
  return deliveries;
}

json status_json(const webhook_status& status, bool with_recent) {
  auto shown = webhook_json(status.hook);
  shown["deliveries"] = deliveries_json(status.deliveries, with_recent);
  return shown;
}

// The webhook a POST body describes: {"url", "events", "filter": {"label":
// [...]}, "secret"}; only "url" is required.
model::outcome<model::webhook> webhook_of(const http_request& request) {
  const std::string* type = request.header("Content-Type");
  auto parsed_type = type ? http_api::parse_parameterized(*type) : std::nullopt;
  if (!parsed_type || parsed_type->value != "application/json")
    return model::make_problem(model::error_code::unsupported_media_type,
                               "a webhook is described as application/json");
  json body;
  try {
    body = json::parse(request.body);
  } catch (const json::parse_error& e) {
    return invalid(std::string("the body is not JSON: ") + e.what());
  }
  if (!body.is_object())
    return invalid("the body must be a JSON object");
  for (const auto& [name, value] : body.items())
    if (name != "url" && name != "events" && name != "filter" && name != "secret")
      return invalid("unknown field " + http_api::quote_input(name) +
                     "; a webhook has url, events, filter and secret");
  model::webhook hook;
  if (!body.contains("url") || !body["url"].is_string())
    return invalid("url is required, as a string");
  hook.url = body["url"];
  if (body.contains("events")) {
    if (!body["events"].is_array())
      return invalid("events must be a list of event types");
    for (const auto& name : body["events"]) {
      auto parsed =
          name.is_string() ? model::parse_event_type(name.get<std::string>()) : std::nullopt;
      if (!parsed)
        return invalid("unknown event type " + http_api::quote_input(name.dump()) +
                       "; types: image.created, version.done, version.failed, image.deleted");
      auto& types = hook.filter.types;
      if (std::find(types.begin(), types.end(), *parsed) == types.end())
        types.push_back(*parsed);
    }
  } else {
    hook.filter.types = model::all_event_types();
  }
  if (body.contains("filter")) {
    const auto& filter = body["filter"];
    if (!filter.is_object())
      return invalid("filter must be an object such as {\"label\": [\"line:3\"]}");
    for (const auto& [name, value] : filter.items()) {
      if (name != "label" || !value.is_array())
        return invalid("filter takes only \"label\", a list of key:value labels");
      for (const auto& label : value) {
        if (!label.is_string())
          return invalid("filter labels are strings such as \"line:3\"");
        if (auto added = model::add_label(hook.filter.labels, label.get<std::string>()); !added)
          return added.error();
      }
    }
  }
  if (body.contains("secret")) {
    if (!body["secret"].is_string())
      return invalid("secret must be a string");
    hook.secret = body["secret"];
  }
  hook.created_by = request.key_name;
  return hook;
}

void create(webhook_registry& registry, http_request& request, const responder& respond) {
  if (http_api::answer_if_failed(http_api::accept_only(request, {}), respond))
    return;
  auto draft = webhook_of(request);
  if (http_api::answer_if_failed(draft, respond))
    return;
  auto created = registry.create(std::move(*draft));
  if (http_api::answer_if_failed(created, respond))
    return;
  auto shown = webhook_json(*created);
  // The only answer that shows the secret.
  shown["secret"] = created->secret;
  auto response = http_api::json_response(201, shown);
  respond(std::move(response.with_header("Location", "/v1/webhooks/" + created->id)));
}

void list(webhook_registry& registry, http_request& request, const responder& respond) {
  if (http_api::answer_if_failed(http_api::accept_only(request, {}), respond))
    return;
  auto all = json::array();
  for (const auto& status : registry.list())
    all.push_back(status_json(status, false));
  respond(http_api::json_response(200, {{"webhooks", all}}));
}

void show(webhook_registry& registry, http_request& request, const responder& respond) {
  if (http_api::answer_if_failed(http_api::accept_only(request, {}), respond))
    return;
  auto status = registry.get(request.path_params.at(0));
  if (http_api::answer_if_failed(status, respond))
    return;
  respond(http_api::json_response(200, status_json(*status, true)));
}

void remove(webhook_registry& registry, http_request& request, const responder& respond) {
  if (http_api::answer_if_failed(http_api::accept_only(request, {}), respond))
    return;
  auto removed = registry.remove(request.path_params.at(0));
  if (http_api::answer_if_failed(removed, respond))
    return;
  http_response response;
  response.status = 204;
  respond(response);
}

} // namespace

void add_webhook_routes(http_api::router& routes, webhook_registry& registry) {
  routes.add("POST", "/v1/webhooks", http_api::with_service(registry, create));
  routes.add("GET", "/v1/webhooks", http_api::with_service(registry, list));
  routes.add("GET", "/v1/webhooks/{id}", http_api::with_service(registry, show));
  routes.add("DELETE", "/v1/webhooks/{id}", http_api::with_service(registry, remove));
}

} // namespace webhooks
