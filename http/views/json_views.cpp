#include "http/views/json_views.hpp"

#include <nlohmann/json.hpp>

#include "actors/imaging/operation_parser.hpp"
#include "actors/model/clock.hpp"

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
  }
  json["description"] = param.description;
  return json;
}

// Optional texts (profile, key names, cursor) are null when absent, never "".
nlohmann::json text_or_null(const std::string& name) {
  return name.empty() ? nlohmann::json(nullptr) : nlohmann::json(name);
}

// The text form of an operation, e.g. "crop <x> <y> <width> <height>".
std::string syntax_of(const imaging::operation_spec& operation) {
  std::string syntax = operation.name;
  for (const auto& param : operation.params)
    syntax += " <" + param.name + ">";
  return syntax;
}

// The source is decided when a version starts: a queued version, or one
// that failed before it started, has none yet.
nlohmann::json source_json(const model::version_record& version) {
  bool started = version.status != model::version_status::queued && version.started_ms != 0;
  return started ? nlohmann::json(version.source) : nlohmann::json(nullptr);
}

} // namespace

nlohmann::json base_json(std::int32_t base) {
  if (base == model::base_latest)
    return "latest";
  if (base == model::base_original)
    return "original";
  return base;
}

nlohmann::json version_json(const model::version_record& version) {
  nlohmann::json json = {
      {"version", version.number},
      {"status", model::to_string(version.status)},
      {"base", base_json(version.base)},
      {"source", source_json(version)},
      {"ops", ops_json(version.ops)},
      {"created", model::format_rfc3339(version.created_ms)},
      {"submitted_by", text_or_null(version.submitted_by)},
  };
  if (version.status == model::version_status::done) {
    json["format"] = version.format;
    json["width"] = version.width;
    json["height"] = version.height;
    json["bytes"] = version.bytes;
    json["sha256"] = version.sha256;
    json["took_ms"] = version.took_ms;
    json["node"] = version.node;
  } else if (version.status == model::version_status::failed) {
    json["error"] = {{"code", version.error_code}, {"message", version.error}};
  }
  return json;
}

nlohmann::json image_json(const model::image_record& image) {
  auto versions = nlohmann::json::array();
  for (const auto& version : image.versions)
    versions.push_back(version_json(version));
  return {
      {"id", image.id},
      {"format", image.format},
      {"width", image.width},
      {"height", image.height},
      {"bytes", image.bytes},
      {"sha256", image.sha256},
      {"created", model::format_rfc3339(image.created_ms)},
      {"profile", text_or_null(image.profile)},
      {"uploaded_by", text_or_null(image.uploaded_by)},
      {"versions", std::move(versions)},
  };
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
                          {"syntax", syntax_of(operation)},
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

nlohmann::json cluster_json(const std::vector<model::node_status>& nodes) {
  auto list = nlohmann::json::array();
  for (const auto& node : nodes)
    list.push_back({{"id", node.id},
                    {"address", node.address},
                    {"role", node.role},
                    {"state", model::to_string(node.state)},
                    {"workers", node.workers},
                    {"in_flight", node.in_flight},
                    {"completed", node.completed},
                    {"failed", node.failed},
                    {"last_seen", model::format_rfc3339(node.last_seen_ms)},
                    {"hostname", node.hostname},
                    {"version", node.version}});
  return {{"nodes", std::move(list)}};
}

} // namespace http_api
