#include "http/views/json_views.hpp"

#include <nlohmann/json.hpp>

#include "actors/imaging/operation_parser.hpp"
#include "actors/imaging/operations/colors.hpp"
#include "actors/imaging/operations/param_values.hpp"
#include "actors/imaging/operations/text_template.hpp"
#include "actors/model/image_id.hpp"
#include "actors/model/record_view.hpp"

namespace http_api {

namespace {

nlohmann::json ops_json(const std::vector<model::op_call>& ops) {
  auto list = nlohmann::json::array();
  for (const auto& call : ops)
    list.push_back(imaging::operation_to_json(call));
  return list;
}

nlohmann::json param_json(const imaging::param_spec& param) {
  nlohmann::json json = {{"name", param.name}, {"type", imaging::to_string(param.type)}};
  switch (param.type) {
  case imaging::param_type::integer:
  case imaging::param_type::size:
    json["min"] = static_cast<std::int64_t>(param.min);
    json["max"] = static_cast<std::int64_t>(param.max);
    break;
  case imaging::param_type::number:
    json["min"] = param.min;
    json["max"] = param.max;
    break;
  case imaging::param_type::choice:
    json["choices"] = param.choices;
    break;
  case imaging::param_type::color:
    json["choices"] = param.choices;
    json["hex"] = imaging::operations::hex_color_forms();
    break;
  case imaging::param_type::text:
    json["min_bytes"] = static_cast<std::int64_t>(param.min);
    json["max_bytes"] = static_cast<std::int64_t>(param.max);
    json["placeholders"] = imaging::operations::text_placeholders;
    break;
  case imaging::param_type::image:
    json["pattern"] = model::image_id_pattern;
    break;
  }
  if (param.type == imaging::param_type::size) {
    json["min_percent"] = imaging::min_size_percent;
    json["max_percent"] = imaging::max_size_percent;
  }
  json["optional"] = param.optional;
  if (!param.default_value.empty())
    json["default"] = imaging::operations::argument_to_json(
        param, *imaging::operations::argument_from_text(param, param.default_value));
  json["description"] = param.description;
  return json;
}

using api_view =
    model::record_view<nlohmann::json, nlohmann::json (*)(const std::vector<model::op_call>&)>;

const api_view& records() {
  static const api_view view(ops_json);
  return view;
}

} // namespace

nlohmann::json text_or_null(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

nlohmann::json time_or_null(std::int64_t epoch_ms) {
  return epoch_ms == 0 ? nlohmann::json(nullptr) : nlohmann::json(model::format_rfc3339(epoch_ms));
}

nlohmann::json version_json(const model::version_record& version) {
  return records()(version);
}

nlohmann::json image_json(const model::image_record& image) {
  return records()(image);
}

nlohmann::json event_json(const model::image_event& event) {
  bool about_version = event.version.number != 0;
  return {{"id", event.id},
          {"type", model::to_string(event.type)},
          {"time", model::format_rfc3339(event.time_ms)},
          {"image", event.image.id},
          {"labels", event.image.labels},
          {"version", about_version ? nlohmann::json(event.version.number) : nlohmann::json()},
          {"data", about_version ? version_json(event.version) : image_json(event.image)}};
}

nlohmann::json page_json(const model::image_page& page) {
  auto images = nlohmann::json::array();
  for (const auto& image : page.images)
    images.push_back(image_json(image));
  return {{"images", std::move(images)}, {"next", text_or_null(page.next)}};
}

nlohmann::json catalog_json(const std::vector<imaging::operation_spec>& catalog) {
  auto operations = nlohmann::json::array();
  for (const auto& operation : catalog) {
    auto params = nlohmann::json::array();
    for (const auto& param : operation.params)
      params.push_back(param_json(param));
    operations.push_back({{"name", operation.name},
                          {"summary", operation.summary},
                          {"syntax", imaging::syntax_of(operation)},
                          {"params", std::move(params)}});
  }
  return {{"operations", std::move(operations)}};
}

nlohmann::json profiles_json(const std::vector<actors::profile>& profiles) {
  auto list = nlohmann::json::array();
  for (const auto& profile : profiles) {
    std::string text;
    for (const auto& call : profile.ops)
      text += imaging::operation_to_text(call) + "\n";
    list.push_back({{"name", profile.name}, {"ops", ops_json(profile.ops)}, {"text", text}});
  }
  return {{"profiles", std::move(list)}};
}

nlohmann::json node_json(const model::node_status& node) {
  return records()(node);
}

nlohmann::json cluster_json(const model::cluster_overview& cluster) {
  auto list = nlohmann::json::array();
  for (const auto& node : cluster.nodes)
    list.push_back(node_json(node));
  return {{"nodes", std::move(list)},
          {"queue_depth", cluster.queue_depth},
          {"last_minute", records()(cluster.last_minute)},
          {"window_seconds", 60}};
}

} // namespace http_api
