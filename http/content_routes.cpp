#include "actors/imaging/image_format.hpp"
#include "http/ascii.hpp"
#include "http/routes.hpp"
#include "http/service_reply.hpp"

namespace http_api {

namespace {

// If-None-Match uses the weak comparison (RFC 9110 section 13.1.2).
bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    auto comma = if_none_match.find(',');
    auto candidate = trim_spaces(if_none_match.substr(0, comma));
    if (candidate.substr(0, 2) == "W/")
      candidate.remove_prefix(2);
    if (candidate == "*" || candidate == etag)
      return true;
    if (comma == std::string_view::npos)
      break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

std::string mime_of(const std::string& format_name) {
  auto format = imaging::format_from_name(format_name);
  return format ? imaging::mime_type(*format) : "application/octet-stream";
}

// Serves content, or 304 when the client's copy is current. Keeps only the
// If-None-Match value, since the request is gone when the reply comes.
actors::reply<model::image_content> content_reply(const http_request& request,
                                                  const responder& respond) {
  const std::string* header = request.header("If-None-Match");
  return reply_with<model::image_content>(
      respond, [if_none_match = header ? *header : std::string()](model::image_content content) {
        http_response response;
        response.with_header("ETag", content.etag);
        if (!if_none_match.empty() && etag_matches(if_none_match, content.etag)) {
          response.status = 304;
          return response;
        }
        response.with_header("Content-Type", mime_of(content.format));
        response.body = std::move(content.bytes);
        return response;
      });
}

void get_original(actors::image_service& service, http_request& request, const responder& respond) {
  if (auto id = image_id_or_answer(request, respond))
    service.get_content(std::move(*id), {actors::content_selector::kind::original, 0},
                        content_reply(request, respond));
}

void get_latest(actors::image_service& service, http_request& request, const responder& respond) {
  if (auto id = image_id_or_answer(request, respond))
    service.get_content(std::move(*id), {actors::content_selector::kind::latest, 0},
                        content_reply(request, respond));
}

void get_version_content(actors::image_service& service, http_request& request,
                         const responder& respond) {
  if (auto version = version_ref_or_answer(request, respond))
    service.get_content(std::move(version->image_id),
                        {actors::content_selector::kind::version, version->number},
                        content_reply(request, respond));
}

} // namespace

void add_content_routes(router& routes, actors::image_service& service) {
  routes.add("GET", "/v1/images/{id}/original", with_service(service, get_original));
  routes.add("GET", "/v1/images/{id}/content", with_service(service, get_latest));
  routes.add("GET", "/v1/images/{id}/versions/{n}/content",
             with_service(service, get_version_content));
}

} // namespace http_api
