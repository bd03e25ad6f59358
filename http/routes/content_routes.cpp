#include "actors/imaging/image_format.hpp"
#include "http/ascii.hpp"
#include "http/routes/byte_range.hpp"
#include "http/routes/header_value.hpp"
#include "http/routes/routes.hpp"
#include "http/routes/service_reply.hpp"
#include "http/routing/signed_urls.hpp"
#include "http/views/error_response.hpp"

namespace http_api {

namespace {

std::string mime_of(const std::string& format_name) {
  auto format = imaging::format_from_name(format_name);
  return format ? imaging::mime_type(*format) : "application/octet-stream";
}

// Content may be fetched through a signed URL (signed_urls.hpp).
constexpr std::initializer_list<std::string_view> signed_url_params{signature_expiry_param,
                                                                    signature_param};

// Bytes addressed by image id and version number never change; the newest
// version (/content) does, so it is revalidated on every use. With API keys
// on, only the client's own cache may keep content (RFC 9111 section 3.5:
// "public" would let shared caches serve it without the key).
enum class content_lifetime { immutable, changing };

std::string cache_control(content_lifetime lifetime, const http_request& request) {
  if (lifetime == content_lifetime::changing)
    return "no-cache";
  return std::string(request.key_name.empty() ? "public" : "private") +
         ", max-age=31536000, immutable";
}

// What of the request a content answer depends on, kept since the request
// is gone when the reply comes.
struct content_conditions {
  std::string cache_control;
  std::string if_none_match;
  std::string range;    // empty: none, or not a GET (RFC 9110 section 14.2)
  std::string if_range; // empty: none

  content_conditions(content_lifetime lifetime, const http_request& request)
      : cache_control(http_api::cache_control(lifetime, request)) {
    auto copy = [&](const char* name, std::string& into) {
      if (const std::string* value = request.header(name))
        into = *value;
    };
    copy("If-None-Match", if_none_match);
    if (request.method == "GET") {
      copy("Range", range);
      copy("If-Range", if_range);
    }
  }

  // A Range applies unless If-Range names another representation: only a
  // strong ETag equal to ours keeps it (RFC 9110 section 13.1.5; we send no
  // Last-Modified, so a date never matches).
  bool range_applies(const std::string& etag) const {
    return !range.empty() && (if_range.empty() || trim_spaces(if_range) == etag);
  }
};

http_response content_response(const content_conditions& conditions, model::image_content content) {
  http_response response;
  response.with_header("ETag", content.etag);
  response.with_header("Cache-Control", conditions.cache_control);
  if (!conditions.if_none_match.empty() && etag_matches(conditions.if_none_match, content.etag)) {
    response.status = 304;
    return response;
  }
  response.with_header("Accept-Ranges", "bytes");
  bool in_file = !content.file.empty();
  std::uint64_t length = in_file ? content.file_size : content.bytes.size();
  auto selected = conditions.range_applies(content.etag) ? select_range(conditions.range, length)
                                                         : range_selection{};
  if (selected.answer == range_selection::kind::unsatisfiable) {
    auto refused = error_response(model::error_code::range_not_satisfiable,
                                  "the range is outside the " + std::to_string(length) +
                                      " bytes of the content");
    refused.with_header("Content-Range", "bytes */" + std::to_string(length));
    return refused;
  }
  response.with_header("Content-Type", mime_of(content.format));
  std::uint64_t first = 0;
  std::uint64_t count = length;
  if (selected.answer == range_selection::kind::partial) {
    response.status = 206;
    response.with_header("Content-Range", "bytes " + std::to_string(selected.first) + "-" +
                                              std::to_string(selected.last) + "/" +
                                              std::to_string(length));
    first = selected.first;
    count = selected.last + 1 - selected.first;
  }
  if (in_file) {
    // Deleted since it was checked: as if it had not been found.
    response.file = file_body::open(content.file, first, count);
    if (!response.file)
      return error_response(model::error_code::not_found, "the content is gone");
    return response;
  }
  content.bytes.erase(first + count);
  content.bytes.erase(0, first);
  response.body = std::move(content.bytes);
  return response;
}

// Serves content: 304 when the client's copy is current, 206 for a range.
actors::reply<model::image_content>
content_reply(content_lifetime lifetime, const http_request& request, const responder& respond) {
  return reply_with<model::image_content>(
      respond, [conditions = content_conditions(lifetime, request)](model::image_content content) {
        return content_response(conditions, std::move(content));
      });
}

void get_original(actors::image_service& service, http_request& request, const responder& respond) {
  if (auto id = image_id_or_answer(request, respond, signed_url_params))
    service.get_content(std::move(*id), {actors::content_selector::kind::original, 0},
                        content_reply(content_lifetime::immutable, request, respond));
}

void get_latest(actors::image_service& service, http_request& request, const responder& respond) {
  if (auto id = image_id_or_answer(request, respond, signed_url_params))
    service.get_content(std::move(*id), {actors::content_selector::kind::latest, 0},
                        content_reply(content_lifetime::changing, request, respond));
}

void get_version_content(actors::image_service& service, http_request& request,
                         const responder& respond) {
  if (auto version = version_ref_or_answer(request, respond, signed_url_params))
    service.get_content(std::move(version->image_id),
                        {actors::content_selector::kind::version, version->number},
                        content_reply(content_lifetime::immutable, request, respond));
}

} // namespace

void add_content_routes(router& routes, actors::image_service& service) {
  routes.add("GET", "/v1/images/{id}/original", with_service(service, get_original));
  routes.add("GET", "/v1/images/{id}/content", with_service(service, get_latest));
  routes.add("GET", "/v1/images/{id}/versions/{n}/content",
             with_service(service, get_version_content));
}

} // namespace http_api
