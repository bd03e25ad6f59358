#pragma once

// The API's parameters, read from paths, queries and headers with their
// limits in one place. Every function answers a problem naming the
// parameter and what is accepted instead of falling back to a default.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "actors/model/idempotency_key.hpp"
#include "actors/model/image_query.hpp"
#include "actors/model/problem.hpp"
#include "http/http_message.hpp"

namespace http_api {

constexpr std::uint32_t max_wait_seconds = 60;
// Version numbers and numeric command bases share the range of the int32
// `base` field.
constexpr std::uint32_t max_version_number = 2147483647;

/// Path parameter `index` as an image id, in upper case (ids are
/// case-insensitive); invalid_id when it is not one.
model::outcome<std::string> image_id_param(const http_request& request, std::size_t index);

/// Path parameter `index` as a version number 1..max_version_number;
/// invalid_id otherwise.
model::outcome<std::uint32_t> version_param(const http_request& request, std::size_t index);

/// ?limit=: 1..model::max_page_limit, model::default_page_limit when absent;
/// invalid_request otherwise.
model::outcome<std::size_t> page_limit_param(const http_request& request);

/// ?ttl=: seconds a signed URL lasts, min_signature_seconds to
/// max_signature_seconds, default_signature_seconds when absent.
model::outcome<std::int64_t> signature_seconds_param(const http_request& request);

/// ?before=: an image id in upper case, or empty when absent; invalid_id
/// otherwise.
model::outcome<std::string> page_cursor_param(const http_request& request);

/// ?wait=: seconds 0..max_wait_seconds, 0 when absent; invalid_request
/// otherwise.
model::outcome<std::uint32_t> wait_param(const http_request& request);

/// ?reuse=: "true" or "false", true when absent; invalid_request otherwise.
model::outcome<bool> reuse_param(const http_request& request);

/// A command base: "latest", "original" or a version number; model's
/// base_latest / base_original / the number. invalid_request otherwise.
model::outcome<std::int32_t> parse_base(std::string_view text);

/// The Idempotency-Key header: empty when absent, else 1 to
/// model::max_idempotency_key_bytes visible ASCII characters; invalid_request
/// otherwise.
model::outcome<std::string> idempotency_key_header(const http_request& request);

} // namespace http_api
