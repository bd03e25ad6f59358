#pragma once

// Method + path pattern -> handler, with 404/405 answers for the rest and
// middleware around every request. This is the extension point of the API:
// later routes (cluster status, readiness, metrics) are added with add(),
// cross-cutting concerns (API keys, request logging) with use().

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/http_message.hpp"

namespace http_api {

/// Answers one request, now or later, exactly once through the responder.
using handler = std::function<void(http_request&, const responder&)>;

/// Runs around every request, matched or not: answers itself (e.g. refuses
/// a request without an API key) or calls `next`, possibly with a wrapped
/// responder (e.g. to log the status).
using middleware = std::function<void(http_request&, const responder&, const handler& next)>;

/// Not thread-safe while routes are added; dispatch() is const and may run
/// on several threads at once once set up.
class router {
public:
  /// Adds a route. `pattern` is a path of literal segments and {name}
  /// placeholders, each matching one non-empty segment, e.g.
  /// "/v1/images/{id}/versions/{n}". Throws std::invalid_argument for a
  /// pattern not starting with '/' or a method+pattern added twice.
  void add(std::string method, std::string_view pattern, handler run);

  /// Adds a middleware; the first added runs outermost.
  void use(middleware layer);

  /// Answers `request`: the matching route's handler (path_params and route
  /// filled before any middleware runs),
  /// 405 method_not_allowed with an Allow header when only the method does
  /// not match, 404 not_found otherwise. An exception escaping a handler or
  /// a middleware becomes a 500 internal_error unless an answer was sent.
  void dispatch(http_request request, const responder& respond) const;

private:
  struct route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments; // "{...}" marks a placeholder
    handler run;
  };

  handler resolve(http_request& request) const;

  std::vector<route> routes_;
  std::vector<middleware> layers_;
};

} // namespace http_api
