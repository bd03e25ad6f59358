#include "http/openapi/operation_schemas.hpp"

#include <cstdint>
#include <string_view>

#include "actors/imaging/operation_parser.hpp"
#include "actors/imaging/operations/colors.hpp"
#include "actors/imaging/operations/param_values.hpp"
#include "actors/model/image_id.hpp"
#include "http/openapi/schema_builders.hpp"
#include "http/routes/request_params.hpp"

namespace http_api::openapi {

namespace {

using imaging::param_type;

// A percentage as the JSON form writes it: "50%", "12.5%".
constexpr const char* percent_pattern = "^[0-9]+(\\.[0-9]+)?%$";

nlohmann::json whole(double value) {
  return static_cast<std::int64_t>(value);
}

nlohmann::json bounded(const char* type, const imaging::param_spec& param) {
  if (std::string_view(type) == "integer")
    return {{"type", type}, {"minimum", whole(param.min)}, {"maximum", whole(param.max)}};
  return {{"type", type}, {"minimum", param.min}, {"maximum", param.max}};
}

// "#rgb", "#rrggbb", "#rrggbbaa" as one pattern of hexadecimal digits.
std::string hex_color_pattern() {
  std::string alternatives;
  for (const auto& form : imaging::operations::hex_color_forms())
    alternatives += (alternatives.empty() ? "" : "|") + std::string("[0-9a-fA-F]{") +
                    std::to_string(form.size() - 1) + "}";
  return "^#(" + alternatives + ")$";
}

nlohmann::json typed_param_schema(const imaging::param_spec& param) {
  switch (param.type) {
  case param_type::integer:
    return bounded("integer", param);
  case param_type::number:
    return bounded("number", param);
  case param_type::choice:
    return {{"type", "string"}, {"enum", param.choices}};
  case param_type::size:
    return {{"anyOf",
             {bounded("integer", param),
              {{"type", "string"},
               {"pattern", percent_pattern},
               {"description",
                "percent from " + imaging::operations::number_text(imaging::min_size_percent) +
                    " to " + imaging::operations::number_text(imaging::max_size_percent)}}}}};
  case param_type::color:
    return {{"anyOf",
             {{{"type", "string"}, {"enum", param.choices}},
              {{"type", "string"}, {"pattern", hex_color_pattern()}}}}};
  case param_type::text:
    // JSON Schema counts characters, the limit is in UTF-8 bytes: the
    // character bounds are the loosest that the byte bounds allow.
    return {{"type", "string"},
            {"minLength", whole(param.min)},
            {"maxLength", whole(param.max)},
            {"x-min-bytes", whole(param.min)},
            {"x-max-bytes", whole(param.max)}};
  case param_type::image:
    return {{"type", "string"}, {"pattern", model::image_id_pattern}};
  }
  return nlohmann::json::object();
}

nlohmann::json single_operation_schema(const imaging::operation_spec& operation) {
  nlohmann::json properties = {{"op", {{"const", operation.name}}}};
  nlohmann::json required = {"op"};
  for (const auto& param : operation.params) {
    properties[param.name] = param_schema(param);
    if (!param.optional)
      required.push_back(param.name);
  }
  auto schema = object_of(std::move(properties), std::move(required));
  schema["title"] = operation.name;
  schema["description"] = operation.summary + " Text form: `" + imaging::syntax_of(operation) + "`";
  return schema;
}

nlohmann::json base_schema() {
  return {{"description", "what the operations apply to: the newest done version (latest), the "
                          "original, or a version number"},
          {"oneOf",
           {{{"type", "string"}, {"enum", {"latest", "original"}}},
            {{"type", "integer"}, {"minimum", 1}, {"maximum", max_version_number}}}}};
}

nlohmann::json command_schema() {
  return object_of({{"ops",
                     {{"type", "array"},
                      {"minItems", 1},
                      {"maxItems", imaging::max_operations_per_command},
                      {"items", schema_ref("Operation")}}},
                    {"base", schema_ref("Base")}},
                   {"ops"});
}

} // namespace

std::string operation_schema_name(const imaging::operation_spec& operation) {
  std::string name = operation.name;
  if (!name.empty() && name[0] >= 'a' && name[0] <= 'z')
    name[0] = static_cast<char>(name[0] - 'a' + 'A');
  return name + "Operation";
}

nlohmann::json param_schema(const imaging::param_spec& param) {
  auto schema = typed_param_schema(param);
  schema["description"] = param.description + " (" + imaging::operations::expectation(param) + ")";
  if (!param.default_value.empty())
    schema["default"] = imaging::operations::argument_to_json(
        param, *imaging::operations::argument_from_text(param, param.default_value));
  return schema;
}

nlohmann::json operation_schemas(const std::vector<imaging::operation_spec>& catalog) {
  nlohmann::json schemas = {{"Base", base_schema()}, {"Command", command_schema()}};
  auto choices = nlohmann::json::array();
  nlohmann::json mapping = nlohmann::json::object();
  for (const auto& operation : catalog) {
    auto name = operation_schema_name(operation);
    schemas[name] = single_operation_schema(operation);
    choices.push_back(schema_ref(name));
    mapping[operation.name] = "#/components/schemas/" + name;
  }
  schemas["Operation"] = {{"description", "one operation of a command (GET /v1/operations)"},
                          {"oneOf", std::move(choices)},
                          {"discriminator", {{"propertyName", "op"}, {"mapping", mapping}}}};
  return schemas;
}

nlohmann::json text_command_schema(const std::vector<imaging::operation_spec>& catalog) {
  std::string syntax;
  for (const auto& operation : catalog)
    syntax += "\n- `" + imaging::syntax_of(operation) + "`";
  return {{"type", "string"},
          {"description",
           "one operation a line, at most " + std::to_string(imaging::max_operations_per_command) +
               "; '#' starts a comment; texts in double quotes. Operations:" + syntax}};
}

} // namespace http_api::openapi
