#pragma once

// What the transport hands complete requests to: the whole interface between
// the HTTP transport and the rest of the API (in practice, the router).

#include <functional>
#include <optional>

#include "http/http_message.hpp"

namespace http_api {

struct request_handlers {
  /// Decides from a request whose body has not been read (headers only):
  /// the answer refusing it, or nullopt to read the body. Called only for
  /// requests with a body still to come.
  std::function<std::optional<http_response>(http_request& head)> check_head;

  /// Answers a complete request, now or later, on any thread, exactly once
  /// through the responder.
  std::function<void(http_request request, const responder& respond)> dispatch;
};

} // namespace http_api
