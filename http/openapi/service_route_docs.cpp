#include "actors/model/image_event.hpp"
#include "http/openapi/record_schemas.hpp"
#include "http/openapi/route_docs.hpp"
#include "http/openapi/schema_builders.hpp"

namespace http_api::openapi {

namespace {

using nlohmann::json;

json text_or_null() {
  return {{"type", {"string", "null"}}};
}

json event_type_names() {
  json names = json::array();
  for (auto type : model::all_event_types())
    names.push_back(model::to_string(type));
  return names;
}

json catalog_schema() {
  json param = {{"type", "object"},
                {"required", {"name", "type", "optional", "description"}},
                {"properties",
                 {{"name", {{"type", "string"}}},
                  {"type", {{"type", "string"}}},
                  {"optional", {{"type", "boolean"}}},
                  {"description", {{"type", "string"}}}}}};
  json entry = object_of({{"name", {{"type", "string"}}},
                          {"summary", {{"type", "string"}}},
                          {"syntax", {{"type", "string"}}},
                          {"params", {{"type", "array"}, {"items", param}}}},
                         {"name", "summary", "syntax", "params"});
  return object_of({{"operations", {{"type", "array"}, {"items", entry}}}}, {"operations"});
}

route_doc operations() {
  auto doc = operation("listOperations", "catalog", "The operation catalog",
                       "Each operation with its parameters, as the schemas `*Operation` of this "
                       "document describe them for the JSON form of commands.");
  doc["responses"] = {{"200", response("the catalog", json_content(catalog_schema()))}};
  return {"GET", "/v1/operations", doc};
}

route_doc profiles() {
  json profile = object_of({{"name", {{"type", "string"}}},
                            {"ops", {{"type", "array"}, {"items", schema_ref("Operation")}}},
                            {"text", {{"type", "string"}}}},
                           {"name", "ops", "text"});
  auto doc = operation("listProfiles", "catalog", "The configured profiles");
  doc["responses"] = {
      {"200", response("the profiles", json_content(object_of(
                                           {{"profiles", {{"type", "array"}, {"items", profile}}}},
                                           {"profiles"})))}};
  return {"GET", "/v1/profiles", doc};
}

json status_schema(const char* value) {
  return object_of({{"status", {{"type", "string"}, {"const", value}}}}, {"status"});
}

route_doc health() {
  auto doc = operation("health", "operations", "Whether the process serves");
  doc["responses"] = {{"200", response("serving", json_content(status_schema("ok")))}};
  return {"GET", "/health", doc};
}

route_doc ready() {
  auto doc = operation("ready", "operations", "Whether storage is open and a worker is up");
  doc["responses"] = {{"200", response("ready", json_content(status_schema("ready")))}};
  return {"GET", "/ready", doc};
}

route_doc metrics() {
  auto doc = operation("metrics", "operations", "Metrics in the Prometheus text format");
  doc["responses"] = {
      {"200", response("the metrics", {{"text/plain", {{"schema", {{"type", "string"}}}}}})}};
  return {"GET", "/metrics", doc};
}

route_doc cluster() {
  auto doc = operation("getCluster", "cluster", "The nodes the head knows, itself included");
  json body = object_of({{"nodes", {{"type", "array"}, {"items", schema_ref("Node")}}},
                         {"queue_depth", {{"type", "integer"}, {"minimum", 0}}},
                         {"last_minute", schema_ref("JobWindow")},
                         {"window_seconds", {{"type", "integer"}, {"minimum", 1}}}},
                        {"nodes", "queue_depth", "last_minute", "window_seconds"});
  doc["responses"] = {{"200", response("the cluster", json_content(body))}};
  return {"GET", "/v1/cluster", doc};
}

route_doc drain(const char* id, const char* pattern, std::string summary) {
  auto doc = operation(id, "cluster", std::move(summary));
  doc["parameters"] = {{{"in", "path"},
                        {"name", "node"},
                        {"required", true},
                        {"schema", {{"type", "string"}}},
                        {"description", "the node's id"}}};
  doc["responses"] = {{"200", response("the node as it stands", json_content(schema_ref("Node")))},
                      {"404", error_ref(404)}};
  return {"POST", pattern, doc};
}

route_doc access() {
  auto doc = operation("getAccess", "access", "Whether keys are required, and the caller's scope");
  json body = object_of({{"keys_required", {{"type", "boolean"}}},
                         {"scope",
                          {{"type", {"string", "null"}},
                           {"enum", {"admin", "device", nullptr}},
                           {"description", "null: keys are required and none valid was sent"}}},
                         {"key", text_or_null()}},
                        {"keys_required", "scope", "key"});
  doc["responses"] = {
      {"200", response("the caller's access", json_content(body), {"Cache-Control"})}};
  return {"GET", "/v1/access", doc};
}

route_doc openapi() {
  auto doc = operation("getOpenApi", "operations", "This document");
  doc["responses"] = {
      {"200", response("the OpenAPI document", json_content({{"type", "object"}}))}};
  return {"GET", "/v1/openapi.json", doc};
}

json console_media() {
  json text = {{"schema", {{"type", "string"}}}};
  return {
      {"text/html", text}, {"text/javascript", text}, {"text/css", text}, {"image/svg+xml", text}};
}

route_doc console(const char* id, const char* pattern, std::string summary) {
  auto doc = operation(id, "console", std::move(summary),
                       "The web console's files, for browsers; not part of the API's contract.");
  doc["x-console"] = true;
  if (std::string(pattern) != "/")
    doc["parameters"] = {{{"in", "path"},
                          {"name", "file"},
                          {"required", true},
                          {"schema", {{"type", "string"}}},
                          {"description", "the file's name"}}};
  doc["responses"] = {
      {"200", response("the file", console_media(), {"ETag", "Cache-Control"})},
      {"304", response("the client's copy is current", nullptr, {"ETag", "Cache-Control"})}};
  if (std::string(pattern) != "/")
    doc["responses"]["404"] = error_ref(404);
  return {"GET", pattern, doc};
}

json webhook_schema(bool with_secret, bool with_deliveries, bool with_recent) {
  json properties = {
      {"id", {{"type", "string"}}},
      {"url", {{"type", "string"}, {"format", "uri"}}},
      {"events",
       {{"type", "array"}, {"items", {{"type", "string"}, {"enum", event_type_names()}}}}},
      {"filter",
       object_of({{"label", {{"type", "array"}, {"items", {{"type", "string"}}}}}}, {"label"})},
      {"created", {{"type", "string"}, {"format", "date-time"}}},
      {"created_by", text_or_null()}};
  json required = {"id", "url", "events", "filter", "created", "created_by"};
  if (with_secret) {
    properties["secret"] = {{"type", "string"}};
    required.push_back("secret");
  }
  if (with_deliveries) {
    json deliveries = {{"last_event", text_or_null()},
                       {"delivered", {{"type", "integer"}, {"minimum", 0}}},
                       {"given_up", {{"type", "integer"}, {"minimum", 0}}},
                       {"attempts", {{"type", "integer"}, {"minimum", 0}}},
                       {"failing_since", {{"type", {"string", "null"}}, {"format", "date-time"}}},
                       {"next_retry", {{"type", {"string", "null"}}, {"format", "date-time"}}}};
    json needed = {"last_event", "delivered",     "given_up",
                   "attempts",   "failing_since", "next_retry"};
    if (with_recent) {
      json attempt = object_of({{"event", {{"type", "string"}}},
                                {"time", {{"type", "string"}, {"format", "date-time"}}},
                                {"status", {{"type", {"integer", "null"}}}},
                                {"attempts", {{"type", "integer"}}},
                                {"outcome", {{"type", "string"}}},
                                {"error", text_or_null()}},
                               {"event", "time", "status", "attempts", "outcome", "error"});
      deliveries["recent"] = {{"type", "array"}, {"items", attempt}};
      needed.push_back("recent");
    }
    properties["deliveries"] = object_of(deliveries, needed);
    required.push_back("deliveries");
  }
  return object_of(properties, required);
}

json webhook_id_param() {
  return {{"in", "path"},
          {"name", "id"},
          {"required", true},
          {"schema", {{"type", "string"}}},
          {"description", "the webhook's id"}};
}

std::vector<route_doc> webhooks() {
  auto create = operation("createWebhook", "webhooks", "Subscribe a receiver to events",
                          "Only this answer shows the secret.");
  json draft = object_of(
      {{"url", {{"type", "string"}, {"format", "uri"}, {"pattern", "^https?://"}}},
       {"events",
        {{"type", "array"}, {"items", {{"type", "string"}, {"enum", event_type_names()}}}}},
       {"filter", object_of({{"label", {{"type", "array"}, {"items", {{"type", "string"}}}}}},
                            json::array())},
       {"secret",
        {{"type", "string"}, {"minLength", 16}, {"maxLength", 256}, {"pattern", "^[!-~]+$"}}}},
      {"url"});
  create["requestBody"] = {{"required", true}, {"content", json_content(draft)}};
  create["responses"] = {
      {"201",
       response("subscribed", json_content(webhook_schema(true, false, false)), {"Location"})},
      {"415", error_ref(415)}};
  auto list = operation("listWebhooks", "webhooks", "Webhooks and how their deliveries stand");
  list["responses"] = {
      {"200", response("the webhooks",
                       json_content(object_of(
                           {{"webhooks",
                             {{"type", "array"}, {"items", webhook_schema(false, true, false)}}}},
                           {"webhooks"})))}};
  auto show = operation("getWebhook", "webhooks", "A webhook with its last attempts");
  show["parameters"] = {webhook_id_param()};
  show["responses"] = {
      {"200", response("the webhook", json_content(webhook_schema(false, true, true)))},
      {"404", error_ref(404)}};
  auto remove = operation("deleteWebhook", "webhooks", "Stop and forget a webhook");
  remove["parameters"] = {webhook_id_param()};
  remove["responses"] = {{"204", response("forgotten")}, {"404", error_ref(404)}};
  return {{"POST", "/v1/webhooks", create},
          {"GET", "/v1/webhooks", list},
          {"GET", "/v1/webhooks/{id}", show},
          {"DELETE", "/v1/webhooks/{id}", remove}};
}

route_doc events() {
  auto doc = operation("streamEvents", "events", "The events live, as Server-Sent Events",
                       "Each message's data is an event as webhooks receive it; the stream ends "
                       "when either side closes the connection.");
  doc["parameters"] = {
      {{"in", "query"},
       {"name", "type"},
       {"schema",
        {{"type", "array"}, {"items", {{"type", "string"}, {"enum", event_type_names()}}}}},
       {"description", "event types; all when absent"}},
      component_ref("parameters", "Label"),
      {{"in", "header"},
       {"name", "Last-Event-ID"},
       {"schema", {{"type", "string"}, {"pattern", "^[0-9]{10}-[0-9]{12}$"}}},
       {"description", "the last event received: the stream goes on after it"}}};
  doc["responses"] = {
      {"200", response("the stream", {{"text/event-stream", {{"schema", {{"type", "string"}}}}}},
                       {"Cache-Control"})}};
  return {"GET", "/v1/events", doc};
}

} // namespace

std::vector<route_doc> service_route_docs() {
  std::vector<route_doc> docs = {
      operations(),
      profiles(),
      health(),
      ready(),
      metrics(),
      cluster(),
      drain("drainNode", "/v1/cluster/nodes/{node}/drain", "Stop giving a node new jobs"),
      drain("undrainNode", "/v1/cluster/nodes/{node}/undrain", "Give a drained node jobs again"),
      access(),
      openapi(),
      console("getConsole", "/", "The web console's page"),
      console("getConsoleFile", "/console/{file}", "A file of the web console"),
      events()};
  for (auto& doc : webhooks())
    docs.push_back(std::move(doc));
  return docs;
}

} // namespace http_api::openapi
