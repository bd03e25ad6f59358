#include "http/openapi/openapi_document.hpp"

#include <algorithm>
#include <cctype>

#include "actors/imaging/operation_catalog.hpp"
#include "actors/model/version.hpp"
#include "http/openapi/error_schemas.hpp"
#include "http/openapi/operation_schemas.hpp"
#include "http/openapi/record_schemas.hpp"
#include "http/openapi/response_examples.hpp"
#include "http/openapi/schema_builders.hpp"
#include "http/openapi/shared_components.hpp"
#include "http/routing/access_control.hpp"

namespace http_api::openapi {

namespace {

using nlohmann::json;

// The scheme's name in components/securitySchemes and in requirements.
constexpr const char* bearer_scheme = "bearer";

// Errors any request may get from the transport and the request's own
// parsing, whatever its route (views/error_response.hpp).
constexpr int answers_of_every_route[] = {400, 408, 413, 414, 417, 431, 500, 503};

std::string lower_case(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The requirement of an operation with `level`: none for open routes, the
// bearer scheme with the scope as its role (OpenAPI 3.1 allows roles for
// non-OAuth schemes).
json security_of(access_level level) {
  switch (level) {
  case access_level::open:
    return json::array();
  case access_level::device:
    return {{{bearer_scheme, {"device"}}}};
  case access_level::admin:
    return {{{bearer_scheme, {"admin"}}}};
  }
  return json::array();
}

// Adds what every operation has: X-Request-Id on the route's own
// successful answers, the common errors, the refusals of the access check.
void add_common_responses(json& operation, access_level level) {
  auto& responses = operation["responses"];
  for (auto& [status, answer] : responses.items())
    if (status < "400" && !answer.contains("$ref"))
      answer["headers"]["X-Request-Id"] = component_ref("headers", "X-Request-Id");
  std::vector<int> statuses(std::begin(answers_of_every_route), std::end(answers_of_every_route));
  if (level != access_level::open)
    statuses.push_back(401);
  if (level == access_level::admin)
    statuses.push_back(403);
  for (int status : statuses)
    if (!responses.contains(std::to_string(status)))
      responses[std::to_string(status)] = component_ref("responses", error_response_name(status));
}

// "/v1/images/{id}/versions/{n}" -> "V1ImagesIdVersionsN".
std::string camel_case(const std::string& pattern) {
  std::string name;
  bool upper = true;
  for (char c : pattern) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      upper = true;
      continue;
    }
    name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return name.empty() ? "Root" : name;
}

json path_parameters(const std::string& pattern) {
  json parameters = json::array();
  for (std::size_t open = pattern.find('{'); open != std::string::npos;
       open = pattern.find('{', open + 1)) {
    auto name = pattern.substr(open + 1, pattern.find('}', open) - open - 1);
    parameters.push_back(
        {{"in", "path"}, {"name", name}, {"required", true}, {"schema", {{"type", "string"}}}});
  }
  return parameters;
}

// The router answers OPTIONS on every path: its methods in Allow, and CORS
// preflights.
json options_operation(const std::string& pattern) {
  json operation = {{"operationId", "options" + camel_case(pattern)},
                    {"tags", {"operations"}},
                    {"summary", "The path's methods"},
                    {"security", json::array()},
                    {"responses", {{"200", response("the methods", nullptr, {"Allow"})}}}};
  auto parameters = path_parameters(pattern);
  if (!parameters.empty())
    operation["parameters"] = parameters;
  return operation;
}

json undescribed_operation(const route_declaration& route) {
  return {{"operationId", "undescribed" + route.method + camel_case(route.pattern)},
          {"summary", "not described yet"},
          {"x-undescribed", true},
          {"parameters", path_parameters(route.pattern)},
          {"responses", json::object()}};
}

// Real answers beside the schemas they match; an example of a response the
// description lacks stays out (openapi_test reports it).
void add_examples(json& operation, const route_declaration& route) {
  for (const auto& example : response_examples()) {
    if (example.method != route.method || example.pattern != route.pattern)
      continue;
    auto& responses = operation["responses"];
    if (!responses.contains(example.status))
      continue;
    auto& content = responses[example.status]["content"];
    if (content.contains("application/json"))
      content["application/json"]["example"] = json::parse(example.json);
  }
}

json paths_of(const std::vector<route_declaration>& routes, const std::vector<route_doc>& docs) {
  json paths = json::object();
  for (const auto& route : routes) {
    auto doc = std::find_if(docs.begin(), docs.end(), [&](const route_doc& each) {
      return each.method == route.method && each.pattern == route.pattern;
    });
    json operation = doc == docs.end() ? undescribed_operation(route) : doc->operation;
    add_examples(operation, route);
    auto level = required_access(route.method, route.pattern);
    operation["security"] = security_of(level);
    add_common_responses(operation, level);
    auto& item = paths[route.pattern];
    item[lower_case(route.method)] = std::move(operation);
    if (!item.contains("options")) {
      item["options"] = options_operation(route.pattern);
      add_common_responses(item["options"], access_level::open);
    }
  }
  return paths;
}

json components() {
  json schemas = record_schemas();
  schemas.update(operation_schemas(imaging::operation_catalog()));
  schemas.update(error_schemas());
  schemas.update(shared_schemas());
  return {{"schemas", std::move(schemas)},
          {"parameters", shared_parameters()},
          {"headers", shared_headers()},
          {"responses", error_responses()},
          {"securitySchemes",
           {{bearer_scheme,
             {{"type", "http"},
              {"scheme", "bearer"},
              {"description",
               "An API key as `Authorization: Bearer <key>`, once the node has keys "
               "configured (else every request is served without one). The role is the scope "
               "the key needs: `device` (an `admin` key may do the same) or `admin`."}}}}}};
}

json tags() {
  json list = json::array();
  for (auto [name, description] :
       {std::pair{"images", "upload, list, find and delete images"},
        std::pair{"content", "the bytes of originals and versions"},
        std::pair{"commands", "operations producing new versions"},
        std::pair{"measurements", "image-quality measurements"},
        std::pair{"catalog", "operations and profiles"},
        std::pair{"webhooks", "events delivered to receivers"},
        std::pair{"events", "events as a live stream"},
        std::pair{"cluster", "the nodes of the cluster"},
        std::pair{"access", "the caller's access"},
        std::pair{"operations", "health, readiness, metrics, this document"},
        std::pair{"console", "the web console's files"}})
    list.push_back({{"name", name}, {"description", description}});
  return list;
}

} // namespace

json openapi_document(const std::vector<route_declaration>& routes, const document_limits& limits) {
  return {
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "caf-node"},
        {"version", model::service_version()},
        {"summary", "image normalization for QA and IoT cameras"},
        {"description",
         "HEAD is answered wherever GET is. Query parameters that an operation does not "
         "list, and malformed values, are answered 400."},
        {"x-limits",
         {{"max_body_bytes", limits.max_body_bytes},
          {"max_header_bytes", limits.max_header_bytes},
          {"max_width", limits.images.max_width},
          {"max_height", limits.images.max_height},
          {"max_pixels", limits.images.max_pixels}}}}},
      {"servers",
       {{{"url", "http://127.0.0.1:8080"}, {"description", "a node as configured by default"}}}},
      {"tags", tags()},
      {"security", {{{bearer_scheme, {"device"}}}}},
      {"paths", paths_of(routes, route_docs(limits))},
      {"components", components()}};
}

} // namespace http_api::openapi
