#pragma once

// How people see records: JSON objects built from the field lists of
// record_fields.hpp, for the API (http/views) and for the inspection shell's
// tables (actors/inspector). Both show a record the same way.

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/model/clock.hpp"
#include "actors/model/record_fields.hpp"

namespace model {

/// True for records with present(): they may be unset, and are then left out.
template<class Record, class = void>
struct may_be_unset : std::false_type {};
template<class Record>
struct may_be_unset<Record, std::void_t<decltype(std::declval<const Record&>().present())>>
    : std::true_type {};

/// "latest", "original" or the version number.
template<class Json = nlohmann::json>
Json base_json(std::int32_t base) {
  if (base == base_latest)
    return "latest";
  if (base == base_original)
    return "original";
  return base;
}

/// Renders records as `Json` objects (Json, or ordered_json to
/// keep the fields' order); `Ops` turns a command's operations into JSON
/// (the API shows them as objects, the shell as one line of text).
template<class Json, class Ops>
class record_view {
public:
  explicit record_view(Ops ops) : ops_(std::move(ops)) {}

  template<class Record>
  Json operator()(const Record& record) const {
    auto object = Json::object();
    add_fields(object, record);
    return object;
  }

private:
  template<class Record>
  void add_fields(Json& object, const Record& record) const {
    for_each_field(record, [&](auto field) { add(object, field); });
    adjust(object, record);
  }

  template<class T>
  void add(Json& object, const field<T>& field) const {
    if (field.audience == seen_by::nobody)
      return;
    using value_type = std::remove_const_t<T>;
    if constexpr (has_fields_v<value_type>) {
      if (!present(field.value))
        return;
      if (field.show == shown::merged)
        add_fields(object, field.value);
      else
        object[field.name] = (*this)(field.value);
    } else if constexpr (std::is_integral_v<value_type>) {
      if (field.show != shown::time) {
        object[field.name] = value(field.value);
        return;
      }
      std::string name = field.name;
      auto& time = object[name.substr(0, name.size() - 3)];
      time = field.value == 0 ? Json(nullptr) : Json(format_rfc3339(field.value));
    } else if constexpr (std::is_same_v<value_type, std::string>) {
      object[field.name] = field.show == shown::text_or_null && field.value.empty()
                               ? Json(nullptr)
                               : Json(field.value);
    } else {
      object[field.name] = value(field.value);
    }
  }

  // Records that may be unset (a version's output, its error, its origin)
  // say so with present(); the others are always there.
  template<class Record>
  static bool present(const Record& record) {
    if constexpr (may_be_unset<Record>::value)
      return record.present();
    else
      return true;
  }

  template<class T>
  Json value(const T& value) const {
    if constexpr (std::is_same_v<T, std::vector<op_call>>) {
      return ops_(value);
    } else if constexpr (std::is_same_v<T, version_status> || std::is_same_v<T, node_state>) {
      return to_string(value);
    } else if constexpr (std::is_same_v<T, std::vector<version_record>>) {
      auto list = Json::array();
      for (const auto& each : value)
        list.push_back((*this)(each));
      return list;
    } else if constexpr (std::is_arithmetic_v<T> || std::is_same_v<T, std::string>) {
      return value;
    } else if constexpr (std::is_same_v<T, label_set>) {
      auto object = Json::object();
      for (const auto& [key, text] : value)
        object[key] = text;
      return object;
    } else {
      static_assert(has_fields_v<T>, "a field type record_view does not know how to show");
      return (*this)(value);
    }
  }

  // What the field lists alone cannot say.
  template<class Record>
  void adjust(Json& object, const Record& record) const {
    if constexpr (std::is_same_v<Record, command>) {
      object["base"] = base_json<Json>(record.base);
    } else if constexpr (std::is_same_v<Record, version_record>) {
      // The source is decided when a version starts: a queued version, or
      // one that failed before it started, has none yet.
      bool started = record.status != version_status::queued && record.started_ms != 0;
      if (!started)
        object["source"] = nullptr;
    }
  }

  Ops ops_;
};

} // namespace model
