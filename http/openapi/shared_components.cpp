#include "http/openapi/shared_components.hpp"

#include "actors/model/idempotency_key.hpp"
#include "actors/model/image_id.hpp"
#include "actors/model/image_query.hpp"
#include "actors/model/labels.hpp"
#include "http/openapi/schema_builders.hpp"
#include "http/routes/request_params.hpp"
#include "http/routing/signed_urls.hpp"

namespace http_api::openapi {

namespace {

using nlohmann::json;

json parameter(const char* in, const char* name, json schema, std::string description,
               bool required = false) {
  json object = {{"in", in},
                 {"name", name},
                 {"schema", std::move(schema)},
                 {"description", std::move(description)},
                 {"required", required}};
  return object;
}

json header(std::string description, json schema = {{"type", "string"}}) {
  return {
      {"description", std::move(description)}, {"required", true}, {"schema", std::move(schema)}};
}

// A label as "key:value": the key 1 to max_label_key_bytes of [a-z0-9_.-].
std::string label_pattern() {
  return "^[a-z0-9_.-]{1," + std::to_string(model::max_label_key_bytes) + "}:.+$";
}

json image_id_schema() {
  return {{"type", "string"}, {"pattern", model::image_id_pattern}};
}

} // namespace

json shared_parameters() {
  return {
      {"ImageId", parameter("path", "id", image_id_schema(),
                            "the image's id: a ULID (case-insensitive in requests)", true)},
      {"VersionNumber",
       parameter("path", "n",
                 {{"type", "integer"}, {"minimum", 1}, {"maximum", max_version_number}},
                 "the version's number", true)},
      {"Limit", parameter("query", "limit",
                          {{"type", "integer"},
                           {"minimum", 1},
                           {"maximum", model::max_page_limit},
                           {"default", model::default_page_limit}},
                          "images per page")},
      {"Before", parameter("query", "before", image_id_schema(),
                           "the page after this image: the `next` of the previous page")},
      {"Label", parameter("query", "label",
                          {{"type", "array"},
                           {"maxItems", model::max_labels},
                           {"items", {{"type", "string"}, {"pattern", label_pattern()}}}},
                          "key:value labels; repeat for several, all must match")},
      {"Wait",
       parameter(
           "query", "wait",
           {{"type", "integer"}, {"minimum", 0}, {"maximum", max_wait_seconds}, {"default", 0}},
           "seconds to wait for the version to settle")},
      {"Ttl", parameter("query", "ttl",
                        {{"type", "integer"},
                         {"minimum", min_signature_seconds},
                         {"maximum", max_signature_seconds},
                         {"default", default_signature_seconds}},
                        "seconds the signature lasts")},
      {"SignatureExpiry",
       parameter("query", std::string(signature_expiry_param).c_str(),
                 {{"type", "integer"}, {"minimum", 0}},
                 "a signed URL's expiry (Unix seconds), from GET /v1/images/{id}/signature")},
      {"Signature", parameter("query", std::string(signature_param).c_str(),
                              {{"type", "string"}, {"pattern", "^[0-9a-f]{64}$"}},
                              "a signed URL's HMAC-SHA256, from GET /v1/images/{id}/signature")},
      {"IdempotencyKey", parameter("header", "Idempotency-Key",
                                   {{"type", "string"},
                                    {"minLength", 1},
                                    {"maxLength", model::max_idempotency_key_bytes},
                                    {"pattern", "^[!-~]+$"}},
                                   "a retry with the same key gets the first answer")},
      {"IfNoneMatch", parameter("header", "If-None-Match", {{"type", "string"}},
                                "an ETag the client holds: 304 when it is current")},
      {"Range", parameter("header", "Range", {{"type", "string"}, {"pattern", "^bytes="}},
                          "one byte range: 206 with those bytes")},
      {"IfRange", parameter("header", "If-Range", {{"type", "string"}},
                            "the ETag the range applies to; else the whole content")},
  };
}

json shared_headers() {
  return {
      {"Location", header("where the created resource is")},
      {"ETag",
       header("the quoted SHA-256 of the bytes", {{"type", "string"}, {"pattern", "^\".+\"$"}})},
      {"Cache-Control", header("how caches may keep the answer")},
      {"Retry-After",
       header("seconds to wait before retrying", {{"type", "integer"}, {"minimum", 0}})},
      {"X-Request-Id",
       header("the request's id in the node's log (the client's when it sent one)")},
      {"WWW-Authenticate", header("Bearer realm=\"caf-node\", with error=\"invalid_token\" when a "
                                  "key was sent")},
      {"Content-Range", header("the bytes sent, or `bytes */<length>` on 416")},
      {"Accept-Ranges", header("bytes", {{"type", "string"}, {"const", "bytes"}})},
      {"Allow", header("the path's methods")},
  };
}

json shared_schemas() {
  return {
      {"Labels",
       {{"type", "object"},
        {"maxProperties", model::max_labels},
        {"propertyNames",
         {{"pattern", "^[a-z0-9_.-]{1," + std::to_string(model::max_label_key_bytes) + "}$"}}},
        {"additionalProperties", {{"type", "string"}, {"minLength", 1}}}}},
      {"ImagePage",
       object_of({{"images", {{"type", "array"}, {"items", schema_ref("Image")}}},
                  {"next",
                   {{"type", {"string", "null"}},
                    {"pattern", model::image_id_pattern},
                    {"description", "the `before` of the next page; null on the last"}}}},
                 {"images", "next"})},
  };
}

} // namespace http_api::openapi
