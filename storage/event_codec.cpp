#include "storage/event_codec.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "storage/record_codec.hpp"

namespace storage {

namespace {

using json = nlohmann::json;

json schema_json() {
  return {{"v", record_schema_version}};
}

model::event_type event_type_of(const json& value) {
  auto type = model::parse_event_type(value.get<std::string>());
  if (!type)
    throw std::invalid_argument("unknown event type " + value.dump());
  return *type;
}

template<class Record, class Read>
model::outcome<Record> decode(std::string_view text, const char* kind, Read read) {
  try {
    auto stored = json::parse(text);
    auto schema = stored.at("v").get<int>();
    if (schema < 1 || schema > record_schema_version)
      throw std::invalid_argument("unsupported schema version " + std::to_string(schema));
    Record record;
    read(stored, record);
    return record;
  } catch (const std::exception& e) {
    return model::make_problem(model::error_code::internal_error,
                               std::string("stored ") + kind + " record is corrupt: " + e.what());
  }
}

template<class Decoded>
auto value_or_throw(Decoded decoded) {
  if (!decoded)
    throw std::invalid_argument(decoded.error().message);
  return std::move(*decoded);
}

} // namespace

std::string encode_event(const model::image_event& event) {
  auto stored = schema_json();
  stored["type"] = model::to_string(event.type);
  stored["time_ms"] = event.time_ms;
  stored["image"] = json::parse(encode_image(event.image));
  stored["version"] =
      event.version.number == 0 ? json(nullptr) : json::parse(encode_version(event.version));
  return stored.dump();
}

model::outcome<model::image_event> decode_event(std::string_view id, std::string_view text) {
  return decode<model::image_event>(text, "event", [&](const json& stored, auto& event) {
    event.id = std::string(id);
    event.type = event_type_of(stored.at("type"));
    stored.at("time_ms").get_to(event.time_ms);
    event.image = value_or_throw(decode_image(stored.at("image").dump()));
    if (!stored.at("version").is_null())
      event.version = value_or_throw(decode_version(stored.at("version").dump()));
  });
}

std::string encode_webhook(const model::webhook& hook) {
  auto stored = schema_json();
  stored["id"] = hook.id;
  stored["url"] = hook.url;
  auto types = json::array();
  for (auto type : hook.filter.types)
    types.push_back(model::to_string(type));
  stored["events"] = types;
  stored["labels"] = hook.filter.labels;
  stored["secret"] = hook.secret;
  stored["created_ms"] = hook.created_ms;
  stored["created_by"] = hook.created_by;
  return stored.dump();
}

model::outcome<model::webhook> decode_webhook(std::string_view text) {
  return decode<model::webhook>(text, "webhook", [](const json& stored, auto& hook) {
    stored.at("id").get_to(hook.id);
    stored.at("url").get_to(hook.url);
    for (const auto& type : stored.at("events"))
      hook.filter.types.push_back(event_type_of(type));
    stored.at("labels").get_to(hook.filter.labels);
    stored.at("secret").get_to(hook.secret);
    stored.at("created_ms").get_to(hook.created_ms);
    stored.at("created_by").get_to(hook.created_by);
  });
}

std::string encode_delivery_state(const model::delivery_state& state) {
  auto stored = schema_json();
  stored["cursor"] = state.cursor;
  stored["attempts"] = state.attempts;
  stored["failing_since_ms"] = state.failing_since_ms;
  stored["next_attempt_ms"] = state.next_attempt_ms;
  stored["delivered"] = state.delivered;
  stored["given_up"] = state.given_up;
  auto recent = json::array();
  for (const auto& each : state.recent)
    recent.push_back({{"event", each.event},
                      {"time_ms", each.time_ms},
                      {"status", each.status},
                      {"attempts", each.attempts},
                      {"outcome", each.outcome},
                      {"error", each.error}});
  stored["recent"] = recent;
  return stored.dump();
}

model::outcome<model::delivery_state> decode_delivery_state(std::string_view text) {
  return decode<model::delivery_state>(text, "delivery", [](const json& stored, auto& state) {
    stored.at("cursor").get_to(state.cursor);
    stored.at("attempts").get_to(state.attempts);
    stored.at("failing_since_ms").get_to(state.failing_since_ms);
    stored.at("next_attempt_ms").get_to(state.next_attempt_ms);
    stored.at("delivered").get_to(state.delivered);
    stored.at("given_up").get_to(state.given_up);
    for (const auto& each : stored.at("recent")) {
      model::delivery entry;
      each.at("event").get_to(entry.event);
      each.at("time_ms").get_to(entry.time_ms);
      each.at("status").get_to(entry.status);
      each.at("attempts").get_to(entry.attempts);
      each.at("outcome").get_to(entry.outcome);
      each.at("error").get_to(entry.error);
      state.recent.push_back(std::move(entry));
    }
  });
}

} // namespace storage
