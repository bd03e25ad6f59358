#include "actors/imaging/operation_catalog.hpp"
#include "actors/model/image_query.hpp"
#include "http/openapi/operation_schemas.hpp"
#include "http/openapi/route_docs.hpp"
#include "http/openapi/schema_builders.hpp"

namespace http_api::openapi {

namespace {

using nlohmann::json;

json parameter_ref(const char* name) {
  return component_ref("parameters", name);
}

json query(const char* name, json schema, std::string description) {
  return {{"in", "query"},
          {"name", name},
          {"schema", std::move(schema)},
          {"description", std::move(description)}};
}

std::string image_limits_text(const document_limits& limits) {
  return "images up to " + std::to_string(limits.images.max_width) + " x " +
         std::to_string(limits.images.max_height) + " pixels and " +
         std::to_string(limits.images.max_pixels) + " pixels in all";
}

route_doc upload(const document_limits& limits) {
  auto doc =
      operation("uploadImage", "images", "Upload an image",
                "The raw body, or the multipart field `image`; the format is recognised "
                "from the bytes (JPEG, PNG, GIF, TIFF, BMP, WebP, HEIC/HEIF, AVIF, JPEG XL), "
                "" + image_limits_text(limits) +
                    ", bodies up to " + std::to_string(limits.max_body_bytes) + " bytes.");
  doc["parameters"] = {query("profile", {{"type", "string"}, {"minLength", 1}},
                             "a profile (GET /v1/profiles) whose commands are queued as version 1"),
                       parameter_ref("Label"), parameter_ref("IdempotencyKey")};
  json binary = {
      {"schema", {{"type", "string"}, {"contentMediaType", "application/octet-stream"}}}};
  doc["requestBody"] = {
      {"required", true},
      {"x-max-bytes", limits.max_body_bytes},
      {"content",
       {{"image/*", binary},
        {"application/octet-stream", binary},
        {"multipart/form-data",
         {{"schema",
           {{"type", "object"},
            {"required", {"image"}},
            {"properties",
             {{"image", {{"type", "string"}, {"contentMediaType", "application/octet-stream"}}},
              {"labels",
               {{"type", "string"}, {"description", "one key:value label a line"}}}}}}}}}}}};
  doc["responses"] = {{"201", response("stored", json_content(schema_ref("Image")), {"Location"})},
                      {"415", error_ref(415)},
                      {"422", error_ref(422)},
                      {"507", error_ref(507)}};
  return {"POST", "/v1/images", doc};
}

route_doc list_images() {
  auto doc = operation("listImages", "images", "List and find images, newest first",
                       "Every condition must hold; pages go on with `before`.");
  auto outcomes = enum_names<model::image_outcome>(
      [](model::image_outcome outcome) { return std::string(model::to_string(outcome)); });
  outcomes.erase(
      std::remove(outcomes.begin(), outcomes.end(), model::to_string(model::image_outcome::any)),
      outcomes.end());
  json time_or_id = {{"type", "string"}, {"description", "an RFC 3339 date-time or an image id"}};
  doc["parameters"] = {
      parameter_ref("Limit"),
      parameter_ref("Before"),
      parameter_ref("Label"),
      query("uploaded_by", {{"type", "string"}, {"minLength", 1}}, "the API key's name"),
      query("profile", {{"type", "string"}, {"minLength", 1}}, "the profile of the upload"),
      query("status", {{"type", "string"}, {"enum", outcomes}}, "the newest version's outcome"),
      query("since", time_or_id, "created at this time or later"),
      query("until", time_or_id, "created before this time"),
      query("focus_below", {{"type", "number"}, {"minimum", 0}},
            "the newest measured version's focus is below this")};
  doc["responses"] = {{"200", response("a page", json_content(schema_ref("ImagePage")))}};
  return {"GET", "/v1/images", doc};
}

route_doc get_image() {
  auto doc = operation("getImage", "images", "An image and all its versions");
  doc["parameters"] = {parameter_ref("ImageId")};
  doc["responses"] = {{"200", response("the image", json_content(schema_ref("Image")))},
                      {"404", error_ref(404)}};
  return {"GET", "/v1/images/{id}", doc};
}

route_doc delete_image() {
  auto doc = operation("deleteImage", "images", "Delete an image and its versions");
  doc["parameters"] = {parameter_ref("ImageId")};
  doc["responses"] = {{"204", response("deleted")}, {"404", error_ref(404)}};
  return {"DELETE", "/v1/images/{id}", doc};
}

// Bytes of an original or a version: ranges, ETags, caching.
route_doc content(const char* id, const char* pattern, std::string summary, bool of_version) {
  auto doc = operation(id, "content", std::move(summary),
                       "The bytes with their media type; `If-None-Match` gives 304, one `Range` "
                       "206. Opens with a signed URL's `exp` and `sig` instead of a key.");
  doc["parameters"] = {parameter_ref("ImageId")};
  if (of_version)
    doc["parameters"].push_back(parameter_ref("VersionNumber"));
  for (const char* each : {"SignatureExpiry", "Signature", "IfNoneMatch", "Range", "IfRange"})
    doc["parameters"].push_back(parameter_ref(each));
  json bytes = {{"schema", {{"type", "string"}, {"contentMediaType", "application/octet-stream"}}}};
  json media = {{"image/*", bytes}, {"application/octet-stream", bytes}};
  doc["responses"] = {
      {"200", response("the bytes", media, {"ETag", "Cache-Control", "Accept-Ranges"})},
      {"206", response("the range asked for", media,
                       {"ETag", "Cache-Control", "Accept-Ranges", "Content-Range"})},
      {"304", response("the client's copy is current", nullptr, {"ETag", "Cache-Control"})},
      {"404", error_ref(404)},
      {"409", error_ref(409)},
      {"416", response("the range starts past the end", json_content(schema_ref("Error416")),
                       {"Content-Range"})}};
  return {"GET", pattern, doc};
}

route_doc submit_command(const document_limits& limits) {
  const auto& catalog = imaging::operation_catalog();
  auto doc = operation("submitCommand", "commands", "Run operations, producing a new version",
                       "As JSON or as text; bodies up to " + std::to_string(limits.max_body_bytes) +
                           " bytes. 200 when the version settled within `wait`, else 202.");
  doc["parameters"] = {
      parameter_ref("ImageId"), parameter_ref("Wait"),
      query("reuse", {{"type", "boolean"}, {"default", true}},
            "whether an equal done version may stand in for running the operations"),
      query("base", schema_ref("Base"), "text form only: what the operations apply to"),
      parameter_ref("IdempotencyKey")};
  doc["requestBody"] = {{"required", true},
                        {"content",
                         {{"application/json", {{"schema", schema_ref("Command")}}},
                          {"text/plain", {{"schema", text_command_schema(catalog)}}}}}};
  json version = json_content(schema_ref("Version"));
  doc["responses"] = {{"200", response("done or failed within the wait", version, {"Location"})},
                      {"202", response("stored; queued or running", version, {"Location"})},
                      {"404", error_ref(404)},
                      {"409", error_ref(409)},
                      {"415", error_ref(415)},
                      {"504", error_ref(504)},
                      {"507", error_ref(507)}};
  return {"POST", "/v1/images/{id}/commands", doc};
}

route_doc get_version() {
  auto doc = operation("getVersion", "commands", "One version: status, operations, result");
  doc["parameters"] = {parameter_ref("ImageId"), parameter_ref("VersionNumber")};
  doc["responses"] = {{"200", response("the version", json_content(schema_ref("Version")))},
                      {"404", error_ref(404)}};
  return {"GET", "/v1/images/{id}/versions/{n}", doc};
}

json stats_schema() {
  json channel = object_of(
      {{"name", {{"type", "string"}, {"enum", {"gray", "red", "green", "blue", "alpha"}}}},
       {"mean", {{"type", "number"}}},
       {"stddev", {{"type", "number"}}},
       {"min", {{"type", "number"}}},
       {"max", {{"type", "number"}}}},
      {"name", "mean", "stddev", "min", "max"});
  return object_of(
      {{"image", {{"type", "string"}}},
       {"version", {{"type", "integer"}, {"minimum", 1}}},
       {"method", {{"type", "integer"}}},
       {"width", {{"type", "integer"}}},
       {"height", {{"type", "integer"}}},
       {"after",
        {{"type", "array"},
         {"items", {{"type", "string"}}},
         {"description", "the names of the operations that ran before the measurement"}}},
       {"channels", {{"type", "array"}, {"items", channel}}},
       {"luminance_histogram",
        {{"type", "array"}, {"items", {{"type", "integer"}, {"minimum", 0}}}}},
       {"clipped_shadows", {{"type", "number"}}},
       {"clipped_highlights", {{"type", "number"}}},
       {"focus", {{"type", "number"}}},
       {"noise", {{"type", "number"}}}},
      {"image", "version", "method", "width", "height", "after", "channels", "luminance_histogram",
       "clipped_shadows", "clipped_highlights", "focus", "noise"});
}

route_doc stats(const char* id, const char* pattern, std::string summary, bool of_version) {
  auto doc = operation(id, "measurements", std::move(summary));
  doc["parameters"] = {parameter_ref("ImageId")};
  if (of_version)
    doc["parameters"].push_back(parameter_ref("VersionNumber"));
  doc["responses"] = {{"200", response("the measurements", json_content(stats_schema()))},
                      {"404", error_ref(404)},
                      {"409", error_ref(409)}};
  return {"GET", pattern, doc};
}

route_doc signature() {
  auto doc = operation("signImage", "content", "A signed URL for the image's content",
                       "`query` added to the image's content URLs opens them without a key "
                       "until `exp`.");
  doc["parameters"] = {parameter_ref("ImageId"), parameter_ref("Ttl")};
  json body = object_of({{"image", {{"type", "string"}}},
                         {"exp", {{"type", "integer"}}},
                         {"expires", {{"type", "string"}, {"format", "date-time"}}},
                         {"sig", {{"type", "string"}, {"pattern", "^[0-9a-f]{64}$"}}},
                         {"query", {{"type", "string"}}},
                         {"original", {{"type", "string"}}}},
                        {"image", "exp", "expires", "sig", "query", "original"});
  doc["responses"] = {{"200", response("the signature", json_content(body), {"Cache-Control"})},
                      {"404", error_ref(404)}};
  return {"GET", "/v1/images/{id}/signature", doc};
}

} // namespace

std::vector<route_doc> image_route_docs(const document_limits& limits) {
  return {upload(limits),
          list_images(),
          get_image(),
          delete_image(),
          content("getOriginal", "/v1/images/{id}/original", "The uploaded bytes", false),
          content("getLatestContent", "/v1/images/{id}/content",
                  "The newest done version's bytes, or the original's", false),
          content("getVersionContent", "/v1/images/{id}/versions/{n}/content",
                  "The bytes of a done version", true),
          submit_command(limits),
          get_version(),
          stats("getOriginalStats", "/v1/images/{id}/stats", "The original's measurements", false),
          stats("getVersionStats", "/v1/images/{id}/versions/{n}/stats",
                "The measurements of a version's stats operation", true),
          signature()};
}

} // namespace http_api::openapi
