#pragma once

// Small builders of OpenAPI objects shared by the document and the route
// descriptions: references to components, JSON bodies, responses.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace http_api::openapi {

/// {"$ref": "#/components/schemas/<name>"}.
nlohmann::json schema_ref(std::string_view name);

/// {"$ref": "#/components/<kind>/<name>"}, e.g. kind "parameters".
nlohmann::json component_ref(std::string_view kind, std::string_view name);

/// A closed object: these properties, the required ones among them, and
/// no other (a new field in an answer fails the answer checks).
nlohmann::json object_of(nlohmann::json properties, nlohmann::json required);

/// An operation object's start: its id, tag, summary and description.
nlohmann::json operation(const char* id, const char* tag, std::string summary,
                         std::string description = {});

/// The shared error response of `status` (error_schemas.hpp).
nlohmann::json error_ref(int status);

/// {"application/json": {"schema": schema}}; examples are added with the
/// recorded answers (response_examples.hpp).
nlohmann::json json_content(nlohmann::json schema);

/// A response object: description, content when not null, and the named
/// header components (components/headers), each present on every such
/// answer.
nlohmann::json response(std::string description, nlohmann::json content = nullptr,
                        const std::vector<std::string>& headers = {});

/// The names of the values of an enum whose to_string() maps every value,
/// valid or not, to one of its names: each name once, in order of value.
template<class Enum, class ToString>
std::vector<std::string> enum_names(ToString to_string) {
  std::vector<std::string> names;
  for (unsigned value = 0; value < 256; ++value) {
    std::string name = to_string(static_cast<Enum>(value));
    bool known = false;
    for (const auto& each : names)
      known = known || each == name;
    if (!known)
      names.push_back(name);
  }
  return names;
}

} // namespace http_api::openapi
