#pragma once

// The one place where error codes become HTTP statuses. Every error body has
// the shape {"error":{"code":"<snake_case>","message":"<text>"}}.

#include <cstddef>
#include <string>

#include "actors/model/problem.hpp"
#include "http/http_message.hpp"

namespace http_api {

/// Seconds a client is asked to wait (Retry-After) on 503 answers.
constexpr int retry_after_seconds = 1;

/// The HTTP status for `code`:
///   400 invalid_request, invalid_operation, invalid_id, unknown_profile
///   401 unauthorized            403 forbidden
///   404 not_found               405 method_not_allowed
///   408 request_timeout
///   409 conflict, version_not_ready, version_failed
///   413 payload_too_large       414 uri_too_long
///   415 unsupported_media_type  416 range_not_satisfiable
///   417 expectation_failed
///   422 corrupt_image, image_too_large, operation_failed
///   500 internal_error          501 not_implemented
///   503 overloaded, unavailable (with Retry-After)
///   504 timeout                 505 version_not_supported
///   507 insufficient_storage
int status_for(model::error_code code) noexcept;

/// The JSON error response for `failure`, with Retry-After where it applies.
http_response error_response(const model::problem& failure);

http_response error_response(model::error_code code, std::string message);

/// 431 Request Header Fields Too Large with the code invalid_request: the
/// one answer whose status is not its code's, since clients and proxies
/// act on 431 (shorter headers) differently from 400.
http_response header_fields_too_large(std::size_t max_header_bytes);

} // namespace http_api
