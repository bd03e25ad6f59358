#include "http/views/error_response.hpp"

#include <nlohmann/json.hpp>

#include "http/views/json_response.hpp"

namespace http_api {

int status_for(model::error_code code) noexcept {
  using model::error_code;
  switch (code) {
  case error_code::invalid_request:
  case error_code::invalid_operation:
  case error_code::invalid_id:
  case error_code::unknown_profile:
    return 400;
  case error_code::unauthorized:
    return 401;
  case error_code::forbidden:
    return 403;
  case error_code::not_found:
    return 404;
  case error_code::method_not_allowed:
    return 405;
  case error_code::request_timeout:
    return 408;
  case error_code::conflict:
  case error_code::version_not_ready:
  case error_code::version_failed:
    return 409;
  case error_code::payload_too_large:
    return 413;
  case error_code::uri_too_long:
    return 414;
  case error_code::unsupported_media_type:
    return 415;
  case error_code::range_not_satisfiable:
    return 416;
  case error_code::expectation_failed:
    return 417;
  case error_code::corrupt_image:
  case error_code::image_too_large:
  case error_code::operation_failed:
    return 422;
  case error_code::internal_error:
    return 500;
  case error_code::not_implemented:
    return 501;
  case error_code::overloaded:
  case error_code::unavailable:
    return 503;
  case error_code::timeout:
    return 504;
  case error_code::version_not_supported:
    return 505;
  case error_code::insufficient_storage:
    return 507;
  }
  return 500;
}

http_response error_response(const model::problem& failure) {
  nlohmann::json body = {
      {"error", {{"code", model::to_string(failure.code)}, {"message", failure.message}}}};
  auto response = json_response(status_for(failure.code), body);
  if (response.status == 503)
    response.with_header("Retry-After", std::to_string(retry_after_seconds));
  return response;
}

http_response error_response(model::error_code code, std::string message) {
  return error_response(model::make_problem(code, std::move(message)));
}

http_response header_fields_too_large(std::size_t max_header_bytes) {
  auto response = error_response(model::error_code::invalid_request,
                                 "the request line and headers exceed " +
                                     std::to_string(max_header_bytes) + " bytes");
  response.status = 431;
  return response;
}

} // namespace http_api
