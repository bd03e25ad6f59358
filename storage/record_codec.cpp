#include "storage/record_codec.hpp"

#include <nlohmann/json.hpp>

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

// The one list of stored fields of each record, walked by both the writer
// and the reader below. `Image` is image_record, const or not.
template<class Image, class Field>
void image_fields(Image& image, Field&& field) {
  field("id", image.id);
  field("format", image.format);
  field("width", image.width);
  field("height", image.height);
  field("bytes", image.bytes);
  field("sha256", image.sha256);
  field("created_ms", image.created_ms);
  field("profile", image.profile);
  field("uploaded_by", image.uploaded_by);
}

template<class Version, class Field>
void version_fields(Version& version, Field&& field) {
  field("number", version.number);
  field("status", version.status);
  field("base", version.base);
  field("source", version.source);
  field("ops", version.ops);
  field("created_ms", version.created_ms);
  field("started_ms", version.started_ms);
  field("finished_ms", version.finished_ms);
  field("attempts", version.attempts);
  field("submitted_by", version.submitted_by);
  field("format", version.format);
  field("width", version.width);
  field("height", version.height);
  field("bytes", version.bytes);
  field("sha256", version.sha256);
  field("took_ms", version.took_ms);
  field("node", version.node);
  field("error_code", version.error_code);
  field("error", version.error);
}

template<class Claim, class Field>
void claim_fields(Claim& claim, Field&& field) {
  field("image", claim.image);
  field("version", claim.version);
  field("expires_ms", claim.expires_ms);
}

struct field_writer {
  json& record;

  template<class T>
  void operator()(const char* name, const T& value) {
    record[name] = value;
  }
  void operator()(const char* name, const model::version_status& status) {
    record[name] = model::to_string(status);
  }
  void operator()(const char* name, const std::vector<model::op_call>& ops) {
    auto& list = record[name] = json::array();
    for (const auto& op : ops)
      list.push_back({{"name", op.name}, {"args", op.args}});
  }
};

// Throws on a missing or mistyped field, so that decoding stays one
// straight walk over the fields.
struct field_reader {
  const json& record;

  template<class T>
  void operator()(const char* name, T& value) {
    record.at(name).get_to(value);
  }
  void operator()(const char* name, model::version_status& status) {
    status = status_from_name(record.at(name).get<std::string>());
  }
  void operator()(const char* name, std::vector<model::op_call>& ops) {
    for (const auto& op : record.at(name).get_ref<const json::array_t&>())
      ops.push_back(
          {op.at("name").get<std::string>(), op.at("args").get<std::vector<std::string>>()});
  }
};

template<class Record, class Fields>
std::string encode_record(const Record& value, Fields fields) {
  json record = {{"v", record_schema_version}};
  fields(value, field_writer{record});
  return record.dump();
}

template<class Record, class Fields>
model::outcome<Record> decode_record(std::string_view text, const char* kind, Fields fields) {
  try {
    auto record = json::parse(text);
    auto schema = record.at("v").get<int>();
    if (schema != record_schema_version)
      throw std::invalid_argument("unsupported schema version " + std::to_string(schema));
    Record value;
    fields(value, field_reader{record});
    return value;
  } catch (const std::exception& e) {
    return model::make_problem(model::error_code::internal_error,
                               std::string("stored ") + kind + " record is corrupt: " + e.what());
  }
}

} // namespace

std::string encode_image(const model::image_record& image) {
  return encode_record(image, [](auto& record, auto field) { image_fields(record, field); });
}

std::string encode_version(const model::version_record& version) {
  return encode_record(version, [](auto& record, auto field) { version_fields(record, field); });
}

model::outcome<model::image_record> decode_image(std::string_view text) {
  return decode_record<model::image_record>(
      text, "image", [](auto& record, auto field) { image_fields(record, field); });
}

model::outcome<model::version_record> decode_version(std::string_view text) {
  return decode_record<model::version_record>(
      text, "version", [](auto& record, auto field) { version_fields(record, field); });
}

std::string encode_claim(const claim_record& claim) {
  return encode_record(claim, [](auto& record, auto field) { claim_fields(record, field); });
}

model::outcome<claim_record> decode_claim(std::string_view text) {
  return decode_record<claim_record>(text, "claim",
                                     [](auto& record, auto field) { claim_fields(record, field); });
}

} // namespace storage
