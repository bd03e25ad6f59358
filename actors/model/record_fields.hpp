#pragma once

// The one list of fields of each record. Storage (storage/record_codec.cpp),
// CAF's wire format (actors/protocol.hpp), the API's JSON
// (http/views/json_views.cpp) and the inspection shell's tables
// (actors/inspector/inspector_views.cpp) all walk these lists: a field added
// here is stored, sent between nodes and shown without another edit.
//
// fields(record) takes a record, const or not, and returns its fields in
// order as a tuple of named references; for_each_field() walks them.

#include <tuple>
#include <type_traits>
#include <utility>

#include "actors/model/cluster.hpp"
#include "actors/model/records.hpp"

namespace model {

/// How people see a field (the API's JSON, the shell's tables). Storage and
/// the wire keep every field as it is.
enum class shown : std::uint8_t {
  plain,        // under its name
  time,         // milliseconds since the epoch: RFC 3339, named without "_ms"
  text_or_null, // an empty text shows as null
  merged,       // a record whose fields join the enclosing ones, when present()
};

/// Who sees a field: everyone (the API and the shell's tables), or only
/// storage and the wire (data with a view of its own).
enum class seen_by : std::uint8_t { everyone, nobody };

template<class T>
struct field {
  const char* name;
  T& value;
  shown show;
  seen_by audience;
};

template<class T>
field<T> make_field(const char* name, T& value, shown show = shown::plain,
                    seen_by audience = seen_by::everyone) {
  return {name, value, show, audience};
}

template<class Record, class Model>
using if_record = std::enable_if_t<std::is_same_v<std::remove_const_t<Record>, Model>, int>;

template<class R, if_record<R, command> = 0>
auto fields(R& x) {
  return std::make_tuple(make_field("base", x.base), make_field("ops", x.ops),
                         make_field("reuse", x.reuse));
}

template<class R, if_record<R, version_output> = 0>
auto fields(R& x) {
  return std::make_tuple(make_field("format", x.format), make_field("width", x.width),
                         make_field("height", x.height), make_field("bytes", x.bytes),
                         make_field("sha256", x.sha256), make_field("took_ms", x.took_ms),
                         make_field("node", x.node),
                         make_field("stats", x.stats, shown::plain, seen_by::nobody));
}

template<class R, if_record<R, version_error> = 0>
auto fields(R& x) {
  return std::make_tuple(make_field("code", x.code), make_field("message", x.message));
}

template<class R, if_record<R, version_origin> = 0>
auto fields(R& x) {
  return std::make_tuple(make_field("image", x.image), make_field("version", x.version));
}

template<class R, if_record<R, version_record> = 0>
auto fields(R& x) {
  return std::make_tuple(
      make_field("version", x.number), make_field("status", x.status),
      make_field("command", x.command, shown::merged), make_field("source", x.source),
      make_field("created_ms", x.created_ms, shown::time),
      make_field("started_ms", x.started_ms, shown::time),
      make_field("finished_ms", x.finished_ms, shown::time), make_field("attempts", x.attempts),
      make_field("submitted_by", x.submitted_by, shown::text_or_null),
      make_field("output", x.output, shown::merged), make_field("error", x.error),
      make_field("reused_from", x.reused_from));
}

template<class R, if_record<R, image_record> = 0>
auto fields(R& x) {
  return std::make_tuple(make_field("id", x.id), make_field("format", x.format),
                         make_field("width", x.width), make_field("height", x.height),
                         make_field("bytes", x.bytes), make_field("sha256", x.sha256),
                         make_field("created_ms", x.created_ms, shown::time),
                         make_field("profile", x.profile, shown::text_or_null),
                         make_field("uploaded_by", x.uploaded_by, shown::text_or_null),
                         make_field("labels", x.labels), make_field("versions", x.versions));
}

template<class R, if_record<R, job_window> = 0>
auto fields(R& x) {
  return std::make_tuple(make_field("jobs", x.jobs), make_field("per_second", x.per_second),
                         make_field("p50_ms", x.p50_ms), make_field("p95_ms", x.p95_ms),
                         make_field("p99_ms", x.p99_ms));
}

template<class R, if_record<R, node_status> = 0>
auto fields(R& x) {
  return std::make_tuple(make_field("id", x.id), make_field("address", x.address),
                         make_field("role", x.role), make_field("hostname", x.hostname),
                         make_field("version", x.version), make_field("state", x.state),
                         make_field("workers", x.workers), make_field("in_flight", x.in_flight),
                         make_field("completed", x.completed), make_field("failed", x.failed),
                         make_field("last_seen_ms", x.last_seen_ms, shown::time),
                         make_field("last_minute", x.last_minute));
}

/// Calls `visit(field)` for each field of `record`, in order.
template<class Record, class Visit>
void for_each_field(Record& record, Visit&& visit) {
  std::apply([&](auto... each) { (visit(each), ...); }, fields(record));
}

/// True for the records above, which have fields().
template<class T, class = void>
struct has_fields : std::false_type {};
template<class T>
struct has_fields<T, std::void_t<decltype(fields(std::declval<T&>()))>> : std::true_type {};
template<class T>
constexpr bool has_fields_v = has_fields<T>::value;

} // namespace model
