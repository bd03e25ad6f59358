#pragma once

// Glue between image_service outcomes and responses, shared by the routes.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "actors/service/image_service.hpp"
#include "http/http_message.hpp"
#include "http/routing/router.hpp"
#include "http/views/error_response.hpp"

namespace http_api {

/// The response built by `build`, or a 500 internal_error (logged) when it
/// throws: replies run on the service's threads, where an exception must
/// never escape.
http_response guarded_response(const std::function<http_response()>& build) noexcept;

/// A reply callback for an image_service call: a value becomes the response
/// `on_value` builds from it, a problem its error response.
template<class T, class F>
actors::reply<T> reply_with(responder respond, F on_value) {
  return [respond = std::move(respond), on_value = std::move(on_value)](model::outcome<T> result) {
    respond(guarded_response([&] {
      return result ? on_value(std::move(result).value()) : error_response(result.error());
    }));
  };
}

/// A handler running `route(service, request, respond)`; `service` must
/// outlive the handler.
template<class Service, class Route>
handler with_service(Service& service, Route route) {
  return [&service, route](http_request& request, const responder& respond) {
    route(service, request, respond);
  };
}

/// Answers the problem of a failed `result`; true when it did.
template<class T>
bool answer_if_failed(const model::outcome<T>& result, const responder& respond) {
  if (result)
    return false;
  respond(error_response(result.error()));
  return true;
}

/// The image id in the first path parameter of a request that takes no
/// query parameters but `accepted`; nullopt once the problem
/// (invalid_request or invalid_id) has been answered.
std::optional<std::string>
image_id_or_answer(const http_request& request, const responder& respond,
                   std::initializer_list<std::string_view> accepted = {});

struct version_ref {
  std::string image_id;
  std::uint32_t number = 0;
};

/// The image id and version number of a /v1/images/{id}/versions/{n}...
/// request that takes no query parameters but `accepted`; nullopt once the
/// problem has been answered.
std::optional<version_ref>
version_ref_or_answer(const http_request& request, const responder& respond,
                      std::initializer_list<std::string_view> accepted = {});

} // namespace http_api
