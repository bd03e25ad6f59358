#include "http/routing/router.hpp"

#include <algorithm>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "http/views/error_response.hpp"

namespace http_api {

namespace {

bool is_placeholder(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// "/a/b/" -> {"a", "b", ""}: a trailing slash is an empty last segment, so
// "/v1/images/" does not match "/v1/images".
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 1;
  while (true) {
    auto slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      segments.push_back(path.substr(start));
      return segments;
    }
    segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
}

// Fills `params` when `segments` match `pattern`.
bool matches(const std::vector<std::string>& pattern, const std::vector<std::string_view>& segments,
             std::vector<std::string>& params) {
  if (pattern.size() != segments.size())
    return false;
  params.clear();
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (is_placeholder(pattern[i])) {
      if (segments[i].empty())
        return false;
      params.emplace_back(segments[i]);
    } else if (pattern[i] != segments[i]) {
      return false;
    }
  }
  return true;
}

void answer_error(const responder& respond, model::error_code code, std::string message) {
  respond(error_response(code, std::move(message)));
}

void not_found(http_request& request, const responder& respond) {
  answer_error(respond, model::error_code::not_found, "no such resource: " + request.path);
}

std::string join(const std::vector<std::string>& items) {
  std::string joined;
  for (const auto& item : items)
    joined += (joined.empty() ? "" : ", ") + item;
  return joined;
}

void allow(std::vector<std::string>& allowed, const std::string& method) {
  if (std::find(allowed.begin(), allowed.end(), method) == allowed.end())
    allowed.push_back(method);
}

// RFC 9110 section 9 and RFC 5789 (PATCH): methods a client may expect
// 405 for; any other is answered 501 unless a route serves it.
bool is_standard_method(std::string_view method) {
  for (std::string_view known :
       {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"})
    if (method == known)
      return true;
  return false;
}

handler answer_options(std::string allow) {
  return [allow = std::move(allow)](http_request&, const responder& respond) {
    http_response response;
    respond(std::move(response.with_header("Allow", allow)));
  };
}

} // namespace

std::string_view route_method(std::string_view method) noexcept {
  return method == "HEAD" ? "GET" : method;
}

void router::add(std::string method, std::string_view pattern, handler run, body_opener open_body) {
  if (pattern.empty() || pattern.front() != '/')
    throw std::invalid_argument("route pattern must start with '/': " + std::string(pattern));
  std::vector<std::string> segments;
  for (auto segment : split_path(pattern))
    segments.emplace_back(segment);
  for (const auto& existing : routes_)
    if (existing.method == method && existing.segments == segments)
      throw std::invalid_argument("route added twice: " + method + " " + std::string(pattern));
  routes_.push_back({std::move(method), std::string(pattern), std::move(segments), std::move(run),
                     std::move(open_body)});
}

std::vector<route_declaration> router::declarations() const {
  std::vector<route_declaration> declared;
  for (const auto& each : routes_)
    declared.push_back({each.method, each.pattern});
  return declared;
}

void router::use(middleware layer) {
  layers_.push_back(std::move(layer));
}

void router::check(head_check decide) {
  checks_.push_back(std::move(decide));
}

void router::filter(response_filter change) {
  filters_.push_back(std::move(change));
}

std::optional<http_response> router::check_head(http_request& head) const {
  const auto* matched = find(head);
  if (matched == nullptr)
    resolve(head);
  for (const auto& decide : checks_)
    if (auto refusal = decide(head)) {
      for (const auto& change : filters_)
        change(head, *refusal);
      return refusal;
    }
  head.head_checked = true;
  if (matched != nullptr && matched->open_body)
    head.streamed_body = matched->open_body(head);
  return std::nullopt;
}

const router::route* router::find(http_request& request) const {
  if (request.path.empty() || request.path.front() != '/')
    return nullptr;
  auto segments = split_path(request.path);
  std::vector<std::string> params;
  auto method = route_method(request.method);
  for (const auto& candidate : routes_) {
    if (candidate.method == method && matches(candidate.segments, segments, params)) {
      request.path_params = std::move(params);
      request.route = candidate.pattern;
      return &candidate;
    }
  }
  return nullptr;
}

// The methods of the routes matching `segments` (HEAD after GET), with
// request.route set to the first such route's pattern.
std::vector<std::string> router::methods_of(const std::vector<std::string_view>& segments,
                                            http_request& request) const {
  std::vector<std::string> allowed;
  std::vector<std::string> params;
  for (const auto& candidate : routes_) {
    if (!matches(candidate.segments, segments, params))
      continue;
    if (allowed.empty())
      request.route = candidate.pattern;
    allow(allowed, candidate.method);
    if (candidate.method == "GET")
      allow(allowed, "HEAD");
  }
  return allowed;
}

handler router::resolve(http_request& request) const {
  if (request.method == "OPTIONS" && request.path == "*") {
    std::vector<std::string> every;
    for (const auto& candidate : routes_) {
      allow(every, candidate.method);
      if (candidate.method == "GET")
        allow(every, "HEAD");
    }
    allow(every, "OPTIONS");
    return answer_options(join(every));
  }
  if (const auto* matched = find(request))
    return matched->run;
  if (request.path.empty() || request.path.front() != '/')
    return not_found;
  auto allowed = methods_of(split_path(request.path), request);
  if (!allowed.empty())
    allow(allowed, "OPTIONS");
  if (request.method == "OPTIONS" && !allowed.empty())
    return answer_options(join(allowed));
  if (!is_standard_method(request.method))
    return [](http_request& r, const responder& respond) {
      answer_error(respond, model::error_code::not_implemented,
                   "the method " + r.method + " is not implemented");
    };
  if (allowed.empty())
    return not_found;
  return [allow = join(allowed)](http_request& r, const responder& respond) {
    auto response =
        error_response(model::error_code::method_not_allowed,
                       r.method + " is not allowed on " + r.path + "; allowed: " + allow);
    respond(std::move(response.with_header("Allow", allow)));
  };
}

// `respond` behind the filters, which see a copy of the request without its
// body (the request itself moves on to the handler).
responder router::filtered(const http_request& request, const responder& respond) const {
  if (filters_.empty())
    return respond;
  http_request head;
  head.method = request.method;
  head.path = request.path;
  head.route = request.route;
  head.headers = request.headers;
  return responder([filters = filters_, head = std::move(head), respond](http_response answer) {
    for (const auto& change : filters)
      change(head, answer);
    respond(std::move(answer));
  });
}

void router::dispatch(http_request request, const responder& unfiltered) const {
  auto respond = filtered(request, unfiltered);
  try {
    handler chain = resolve(request);
    if (!request.head_checked)
      for (const auto& decide : checks_)
        if (auto refusal = decide(request))
          return respond(std::move(*refusal));
    for (auto layer = layers_.rbegin(); layer != layers_.rend(); ++layer)
      chain = [layer = *layer, next = std::move(chain)](http_request& r, const responder& out) {
        layer(r, out, next);
      };
    chain(request, respond);
  } catch (const std::exception& e) {
    spdlog::error("{} {} failed: {}", request.method, request.path, e.what());
    answer_error(respond, model::error_code::internal_error, "internal error");
  } catch (...) {
    spdlog::error("{} {} failed with a non-standard exception", request.method, request.path);
    answer_error(respond, model::error_code::internal_error, "internal error");
  }
}

} // namespace http_api
