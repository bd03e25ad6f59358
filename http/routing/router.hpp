#pragma once

// Method + path pattern -> handler, with 404/405 answers for the rest,
// checks of request heads and middleware around every request. This is the
// extension point of the API: later routes (cluster status, readiness,
// metrics) are added with add(), cross-cutting concerns with check() (API
// keys: decided from the head, before a body is read) or use() (request
// logging).

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/model/byte_sink.hpp"
#include "http/http_message.hpp"

namespace http_api {

/// Answers one request, now or later, exactly once through the responder.
using handler = std::function<void(http_request&, const responder&)>;

/// Runs around every request, matched or not: answers itself (e.g. refuses
/// a request without an API key) or calls `next`, possibly with a wrapped
/// responder (e.g. to log the status).
using middleware = std::function<void(http_request&, const responder&, const handler& next)>;

/// Decides from a request's method, path, route and headers alone: returns
/// the answer refusing it (e.g. 401 without an API key), or nullopt to let
/// it go on, possibly with fields of the request set (e.g. key_name). Runs
/// before the body is read, and again when the request is dispatched.
using head_check = std::function<std::optional<http_response>(http_request&)>;

/// Opens where the body of a request whose head passed the checks goes as
/// it arrives (actors/model/byte_sink.hpp); null to receive it whole in `body`. A sink
/// that refuses the first bytes refuses the request before its body is
/// read, answered by its route like any other request.
using body_opener = std::function<std::shared_ptr<model::byte_sink>(http_request& head)>;

/// Changes an answer, given the request it answers (e.g. adds CORS
/// headers). Filters see every answer of dispatch() and check_head().
using response_filter = std::function<void(const http_request& request, http_response& answer)>;

/// The method whose routes serve `method`: GET for HEAD, which is answered
/// wherever GET is (RFC 9110 section 9.3.2; the transport leaves out the
/// body), else `method` itself.
std::string_view route_method(std::string_view method) noexcept;

/// A route as added: what the API offers, for its description
/// (http/openapi/).
struct route_declaration {
  std::string method;
  std::string pattern;
};

/// Not thread-safe while routes are added; dispatch() is const and may run
/// on several threads at once once set up.
class router {
public:
  /// Adds a route. `pattern` is a path of literal segments and {name}
  /// placeholders, each matching one non-empty segment, e.g.
  /// "/v1/images/{id}/versions/{n}". Throws std::invalid_argument for a
  /// pattern not starting with '/' or a method+pattern added twice. With
  /// `open_body`, a body that arrives after the head was checked goes where
  /// it says (a request without a body never opens one).
  void add(std::string method, std::string_view pattern, handler run, body_opener open_body = {});

  /// Adds a middleware; the first added runs outermost.
  void use(middleware layer);

  /// Adds a head check; checks run in the order added, before any
  /// middleware.
  void check(head_check decide);

  /// Adds a response filter; filters run in the order added, on every
  /// answer, refusals of head checks included.
  void filter(response_filter change);

  /// The refusal of the head checks for `head`, a request whose body has
  /// not been read (route filled first), or nullopt (and head.head_checked
  /// set, so that dispatch() does not run them again; head.streamed_body
  /// set when the route opens one). Lets the transport refuse a request
  /// before reading its body. Exceptions propagate.
  std::optional<http_response> check_head(http_request& head) const;

  /// Answers `request`: the refusal of a head check, else the matching
  /// route's handler (path_params and route filled before any check runs;
  /// HEAD matches GET routes) inside the middleware;
  /// OPTIONS with 200 and an Allow header listing the path's methods (every
  /// method for the target "*", RFC 9110 section 9.3.7);
  /// 405 method_not_allowed with an Allow header (HEAD listed after GET)
  /// when only the method does not match; 501 not_implemented for a method
  /// outside RFC 9110's that no route serves; 404 not_found otherwise. An
  /// exception escaping a handler or a middleware becomes a 500
  /// internal_error unless an answer was sent.
  void dispatch(http_request request, const responder& respond) const;

  /// The routes added so far, in the order added.
  std::vector<route_declaration> declarations() const;

private:
  struct route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments; // "{...}" marks a placeholder
    handler run;
    body_opener open_body;
  };

  const route* find(http_request& request) const;
  handler resolve(http_request& request) const;
  std::vector<std::string> methods_of(const std::vector<std::string_view>& segments,
                                      http_request& request) const;
  responder filtered(const http_request& request, const responder& respond) const;

  std::vector<route> routes_;
  std::vector<head_check> checks_;
  std::vector<middleware> layers_;
  std::vector<response_filter> filters_;
};

} // namespace http_api
