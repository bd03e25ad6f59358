#include "http/routing/cors.hpp"

#include <regex>

namespace http_api {

namespace {

constexpr const char* exposed_headers =
    "Location, ETag, Retry-After, X-Request-Id, Content-Range, Accept-Ranges";
// Last-Event-ID: an event stream resumed from another origin.
constexpr const char* allowed_request_headers =
    "Authorization, Content-Type, Idempotency-Key, If-None-Match, If-Range, Last-Event-ID, Range, "
    "X-Request-Id";
// How long a browser may reuse a preflight's answer, in seconds.
constexpr const char* preflight_max_age = "600";

const std::string* allow_of(const http_response& answer) {
  for (const auto& field : answer.headers)
    if (field.name == "Allow")
      return &field.value;
  return nullptr;
}

} // namespace

bool is_valid_cors_origin(const std::string& origin) {
  static const std::regex pattern(R"(^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#@\s]+$)");
  return origin == "*" || std::regex_match(origin, pattern);
}

response_filter cors_filter(std::string allowed_origin) {
  return [allowed = std::move(allowed_origin)](const http_request& request, http_response& answer) {
    bool any_origin = allowed == "*";
    if (!any_origin)
      answer.with_header("Vary", "Origin");
    const std::string* origin = request.header("Origin");
    if (!origin || (!any_origin && *origin != allowed))
      return;
    answer.with_header("Access-Control-Allow-Origin", any_origin ? "*" : *origin);
    answer.with_header("Access-Control-Expose-Headers", exposed_headers);
    if (request.method != "OPTIONS" || !request.header("Access-Control-Request-Method"))
      return;
    if (const std::string* allow = allow_of(answer))
      answer.with_header("Access-Control-Allow-Methods", *allow);
    answer.with_header("Access-Control-Allow-Headers", allowed_request_headers);
    answer.with_header("Access-Control-Max-Age", preflight_max_age);
  };
}

} // namespace http_api
