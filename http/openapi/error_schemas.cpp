#include "http/openapi/error_schemas.hpp"

#include <algorithm>

#include "actors/model/problem.hpp"
#include "http/openapi/schema_builders.hpp"
#include "http/views/error_response.hpp"

namespace http_api::openapi {

namespace {

// The status of the answer to request headers over the limit, the one
// whose status is not its code's (header_fields_too_large()).
constexpr int header_fields_too_large_status = 431;

std::vector<model::error_code> all_error_codes() {
  std::vector<model::error_code> codes;
  for (const auto& name : error_code_names())
    codes.push_back(*model::error_code_from_string(name));
  return codes;
}

std::vector<std::string> codes_answered_with(int status) {
  if (status == header_fields_too_large_status)
    return {model::to_string(model::error_code::invalid_request)};
  std::vector<std::string> names;
  for (auto code : all_error_codes())
    if (status_for(code) == status)
      names.push_back(model::to_string(code));
  return names;
}

nlohmann::json error_schema(nlohmann::json codes) {
  auto error =
      object_of({{"code", {{"type", "string"}, {"enum", std::move(codes)}}},
                 {"message", {{"type", "string"}, {"description", "safe to show to people"}}}},
                {"code", "message"});
  return object_of({{"error", std::move(error)}}, {"error"});
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names)
    text += (text.empty() ? "" : ", ") + name;
  return text;
}

} // namespace

std::vector<std::string> error_code_names() {
  return enum_names<model::error_code>(
      [](model::error_code code) { return std::string(model::to_string(code)); });
}

std::vector<int> error_statuses() {
  std::vector<int> statuses{header_fields_too_large_status};
  for (auto code : all_error_codes())
    statuses.push_back(status_for(code));
  std::sort(statuses.begin(), statuses.end());
  statuses.erase(std::unique(statuses.begin(), statuses.end()), statuses.end());
  return statuses;
}

std::string error_response_name(int status) {
  return "Error" + std::to_string(status);
}

nlohmann::json error_schemas() {
  nlohmann::json schemas = {{"Error", error_schema(error_code_names())}};
  for (int status : error_statuses())
    schemas[error_response_name(status)] = error_schema(codes_answered_with(status));
  return schemas;
}

nlohmann::json error_responses() {
  nlohmann::json responses = nlohmann::json::object();
  for (int status : error_statuses()) {
    std::vector<std::string> headers;
    if (status == 401)
      headers.push_back("WWW-Authenticate");
    if (status == 503)
      headers.push_back("Retry-After");
    responses[error_response_name(status)] =
        response("an error: " + joined(codes_answered_with(status)),
                 json_content(schema_ref(error_response_name(status))), headers);
  }
  return responses;
}

} // namespace http_api::openapi
