#pragma once

// JSON Schemas of the records the API shows (images, versions, nodes),
// walked from the same field lists (actors/model/record_fields.hpp) that
// model::record_view renders as the API's JSON: a field added to a record
// is described without another edit. Every object schema refuses fields it
// does not list (additionalProperties: false), so that an answer with an
// undescribed field fails the tests that check answers against the document.

#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/model/record_view.hpp"
#include "http/openapi/schema_builders.hpp"

namespace http_api::openapi {

/// The component name of a record's schema; empty for records only ever
/// merged into others (a version's command and output).
template<class Record>
constexpr const char* record_schema_name() {
  if constexpr (std::is_same_v<Record, model::image_record>)
    return "Image";
  else if constexpr (std::is_same_v<Record, model::version_record>)
    return "Version";
  else if constexpr (std::is_same_v<Record, model::version_error>)
    return "VersionError";
  else if constexpr (std::is_same_v<Record, model::version_origin>)
    return "VersionOrigin";
  else if constexpr (std::is_same_v<Record, model::node_status>)
    return "Node";
  else if constexpr (std::is_same_v<Record, model::job_window>)
    return "JobWindow";
  else
    return "";
}

/// Builds the schema of a record from its field list, as record_view shows
/// it to the API.
class record_schema_builder {
public:
  template<class Record>
  nlohmann::json operator()() const {
    auto schema = object_of(nlohmann::json::object(), nlohmann::json::array());
    Record record{};
    add_fields(schema, record, true);
    return schema;
  }

private:
  template<class Record>
  void add_fields(nlohmann::json& schema, const Record& record, bool required) const {
    model::for_each_field(record, [&](auto field) { add(schema, field, required); });
    adjust<Record>(schema);
  }

  template<class T>
  void add(nlohmann::json& schema, const model::field<T>& field, bool required) const {
    if (field.audience != model::seen_by::everyone)
      return;
    using value_type = std::remove_const_t<T>;
    // Records that may be unset are left out of the JSON when they are.
    bool always = required && !model::may_be_unset<value_type>::value;
    if constexpr (model::has_fields_v<value_type>) {
      if (field.show == model::shown::merged) {
        add_fields(schema, field.value, always);
        return;
      }
    }
    std::string name = field.name;
    if (field.show == model::shown::time)
      name = name.substr(0, name.size() - 3); // "created_ms" is shown as "created"
    schema["properties"][name] = value_schema(field);
    if (always)
      schema["required"].push_back(name);
  }

  template<class T>
  static nlohmann::json value_schema(const model::field<T>& field) {
    using value_type = std::remove_const_t<T>;
    if constexpr (model::has_fields_v<value_type>) {
      std::string name = record_schema_name<value_type>();
      if (name.empty())
        throw std::logic_error(std::string("the field ") + field.name +
                               " is a record without a schema name (record_schemas.hpp)");
      return schema_ref(name);
    } else if constexpr (std::is_same_v<value_type, bool>) {
      return {{"type", "boolean"}};
    } else if constexpr (std::is_integral_v<value_type>) {
      if (field.show == model::shown::time)
        return {{"type", {"string", "null"}}, {"format", "date-time"}};
      nlohmann::json integer = {{"type", "integer"}};
      if (std::is_unsigned_v<value_type>)
        integer["minimum"] = 0;
      return integer;
    } else if constexpr (std::is_floating_point_v<value_type>) {
      return {{"type", "number"}};
    } else if constexpr (std::is_same_v<value_type, std::string>) {
      if (field.show == model::shown::text_or_null)
        return {{"type", {"string", "null"}}};
      return {{"type", "string"}};
    } else if constexpr (std::is_same_v<value_type, std::vector<model::op_call>>) {
      return {{"type", "array"}, {"items", schema_ref("Operation")}};
    } else if constexpr (std::is_same_v<value_type, std::vector<model::version_record>>) {
      return {{"type", "array"}, {"items", schema_ref("Version")}};
    } else if constexpr (std::is_same_v<value_type, model::label_set>) {
      return schema_ref("Labels");
    } else if constexpr (std::is_same_v<value_type, model::version_status>) {
      return {{"type", "string"},
              {"enum", enum_names<model::version_status>(
                           [](model::version_status s) { return model::to_string(s); })}};
    } else if constexpr (std::is_same_v<value_type, model::node_state>) {
      return {{"type", "string"}, {"enum", enum_names<model::node_state>([](model::node_state s) {
                                     return model::to_string(s);
                                   })}};
    } else {
      static_assert(std::is_void_v<value_type>, "a field type without a schema");
    }
  }

  // What record_view::adjust() changes, described the same way.
  template<class Record>
  static void adjust(nlohmann::json& schema) {
    if constexpr (std::is_same_v<Record, model::command>) {
      schema["properties"]["base"] = schema_ref("Base");
    } else if constexpr (std::is_same_v<Record, model::version_record>) {
      schema["properties"]["source"] = {{"type", {"integer", "null"}}, {"minimum", 0}};
    }
  }
};

/// The schemas of every record the API shows, by component name, with what
/// their field lists cannot say (patterns, the error codes) added.
nlohmann::json record_schemas();

} // namespace http_api::openapi
