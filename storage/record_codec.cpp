#include "storage/record_codec.hpp"

#include <type_traits>

#include <nlohmann/json.hpp>

#include "actors/model/record_fields.hpp"

namespace storage {

namespace {

using json = nlohmann::json;

constexpr model::version_status all_statuses[] = {
    model::version_status::queued, model::version_status::running, model::version_status::done,
    model::version_status::failed};

model::version_status status_from_name(const std::string& name) {
  for (auto status : all_statuses)
    if (name == model::to_string(status))
      return status;
  throw std::invalid_argument("unknown version status \"" + name + "\"");
}

template<class T>
constexpr bool is_versions =
    std::is_same_v<std::remove_const_t<T>, std::vector<model::version_record>>;

void write_value(json& into, const model::version_status& status) {
  into = model::to_string(status);
}

void write_value(json& into, const std::vector<model::op_call>& ops) {
  into = json::array();
  for (const auto& op : ops)
    into.push_back({{"name", op.name}, {"args", op.args}});
}

template<class T>
void write_value(json& into, const T& value);

// A record's fields, each under its name; a record inside is an object.
// An image's versions are not part of it: each is stored under its own key.
template<class Record>
void write_fields(json& into, const Record& record) {
  model::for_each_field(record, [&](auto field) {
    if constexpr (!is_versions<std::remove_reference_t<decltype(field.value)>>)
      write_value(into[field.name], field.value);
  });
}

template<class T>
void write_value(json& into, const T& value) {
  if constexpr (model::has_fields_v<const T>)
    write_fields(into, value);
  else
    into = value;
}

void read_value(const json& from, model::version_status& status) {
  status = status_from_name(from.get<std::string>());
}

void read_value(const json& from, std::vector<model::op_call>& ops) {
  for (const auto& op : from.get_ref<const json::array_t&>())
    ops.push_back(
        {op.at("name").get<std::string>(), op.at("args").get<std::vector<std::string>>()});
}

template<class T>
void read_value(const json& from, T& value);

// Throws on a missing or mistyped field, so that decoding stays one
// straight walk over the fields.
template<class Record>
void read_fields(const json& from, Record& record) {
  model::for_each_field(record, [&](auto field) {
    if constexpr (!is_versions<std::remove_reference_t<decltype(field.value)>>)
      read_value(from.at(field.name), field.value);
  });
}

template<class T>
void read_value(const json& from, T& value) {
  if constexpr (model::has_fields_v<T>)
    read_fields(from, value);
  else
    from.get_to(value);
}

template<class Claim, class Field>
void claim_fields(Claim& claim, Field&& field) {
  field("image", claim.image);
  field("version", claim.version);
  field("expires_ms", claim.expires_ms);
}

template<class Blob, class Field>
void blob_fields(Blob& blob, Field&& field) {
  field("size", blob.size);
  field("xxh3", blob.xxh3);
  field("references", blob.references);
}

// Schema 1 kept a version's fields flat, under other names; the rest of
// schema 1 reads as schema 2.
json version_from_schema_1(const json& flat) {
  json version = flat;
  version["version"] = flat.at("number");
  version["command"] = {{"base", flat.at("base")}, {"ops", flat.at("ops")}};
  version["output"] = json::object();
  for (const char* name : {"format", "width", "height", "bytes", "sha256", "took_ms", "node"})
    version["output"][name] = flat.at(name);
  version["error"] = {{"code", flat.at("error_code")}, {"message", flat.at("error")}};
  return version;
}

// Schema 2 had neither the command's reuse flag nor a version's origin.
json version_from_schema_2(const json& older) {
  json version = older;
  version["command"]["reuse"] = true;
  version["reused_from"] = {{"image", ""}, {"version", 0}};
  return version;
}

json parse_record(std::string_view text) {
  auto record = json::parse(text);
  auto schema = record.at("v").get<int>();
  if (schema < 1 || schema > record_schema_version)
    throw std::invalid_argument("unsupported schema version " + std::to_string(schema));
  return record;
}

template<class Record>
model::outcome<Record> decode(std::string_view text, const char* kind) {
  try {
    auto record = parse_record(text);
    // Images stored before labels existed have none.
    if constexpr (std::is_same_v<Record, model::image_record>)
      if (!record.contains("labels"))
        record["labels"] = json::object();
    if constexpr (std::is_same_v<Record, model::version_record>) {
      if (record.at("v").get<int>() == 1)
        record = version_from_schema_1(record);
      if (record.at("v").get<int>() <= 2)
        record = version_from_schema_2(record);
      // Versions stored before measurements existed have none.
      if (auto output = record.find("output"); output != record.end() && !output->contains("stats"))
        (*output)["stats"] = "";
    }
    Record value;
    auto read_member = [&](const char* name, auto& member) { record.at(name).get_to(member); };
    if constexpr (std::is_same_v<Record, claim_record>)
      claim_fields(value, read_member);
    else if constexpr (std::is_same_v<Record, blob_record>)
      blob_fields(value, read_member);
    else
      read_fields(record, value);
    return value;
  } catch (const std::exception& e) {
    return model::make_problem(model::error_code::internal_error,
                               std::string("stored ") + kind + " record is corrupt: " + e.what());
  }
}

template<class Record>
std::string encode(const Record& value) {
  json record = {{"v", record_schema_version}};
  auto write_member = [&](const char* name, const auto& member) { record[name] = member; };
  if constexpr (std::is_same_v<Record, claim_record>)
    claim_fields(value, write_member);
  else if constexpr (std::is_same_v<Record, blob_record>)
    blob_fields(value, write_member);
  else
    write_fields(record, value);
  return record.dump();
}

} // namespace

std::string encode_image(const model::image_record& image) {
  return encode(image);
}

std::string encode_version(const model::version_record& version) {
  return encode(version);
}

model::outcome<model::image_record> decode_image(std::string_view text) {
  return decode<model::image_record>(text, "image");
}

model::outcome<model::version_record> decode_version(std::string_view text) {
  return decode<model::version_record>(text, "version");
}

std::string encode_claim(const claim_record& claim) {
  return encode(claim);
}

std::string encode_blob(const blob_record& blob) {
  return encode(blob);
}

model::outcome<blob_record> decode_blob(std::string_view text) {
  return decode<blob_record>(text, "blob");
}

model::outcome<claim_record> decode_claim(std::string_view text) {
  return decode<claim_record>(text, "claim");
}

std::string encode_newest_version(const newest_version& newest) {
  json record = {{"v", record_schema_version},
                 {"number", newest.number},
                 {"outcome", model::to_string(newest.outcome)}};
  return record.dump();
}

model::outcome<newest_version> decode_newest_version(std::string_view text) {
  try {
    auto record = parse_record(text);
    newest_version newest;
    record.at("number").get_to(newest.number);
    auto outcome = model::parse_image_outcome(record.at("outcome").get<std::string>());
    if (!outcome)
      throw std::invalid_argument("unknown outcome");
    newest.outcome = *outcome;
    return newest;
  } catch (const std::exception& e) {
    return model::make_problem(model::error_code::internal_error,
                               std::string("stored newest version record is corrupt: ") + e.what());
  }
}

} // namespace storage
