#include "http/openapi/schema_builders.hpp"

namespace http_api::openapi {

nlohmann::json component_ref(std::string_view kind, std::string_view name) {
  return {{"$ref", "#/components/" + std::string(kind) + "/" + std::string(name)}};
}

nlohmann::json schema_ref(std::string_view name) {
  return component_ref("schemas", name);
}

nlohmann::json json_content(nlohmann::json schema) {
  return {{"application/json", {{"schema", std::move(schema)}}}};
}

nlohmann::json response(std::string description, nlohmann::json content,
                        const std::vector<std::string>& headers) {
  nlohmann::json answer = {{"description", std::move(description)}};
  if (!content.is_null())
    answer["content"] = std::move(content);
  for (const auto& name : headers)
    answer["headers"][name] = component_ref("headers", name);
  return answer;
}

nlohmann::json operation(const char* id, const char* tag, std::string summary,
                         std::string description) {
  nlohmann::json object = {{"operationId", id}, {"tags", {tag}}, {"summary", std::move(summary)}};
  if (!description.empty())
    object["description"] = std::move(description);
  return object;
}

nlohmann::json error_ref(int status) {
  return component_ref("responses", "Error" + std::to_string(status));
}

nlohmann::json object_of(nlohmann::json properties, nlohmann::json required) {
  return {{"type", "object"},
          {"additionalProperties", false},
          {"required", std::move(required)},
          {"properties", std::move(properties)}};
}

} // namespace http_api::openapi
