#include "http/routes/request_params.hpp"

#include <algorithm>

#include "actors/model/image_id.hpp"
#include "actors/model/records.hpp"
#include "http/ascii.hpp"
#include "http/routes/query.hpp"
#include "http/routing/signed_urls.hpp"

namespace http_api {

namespace {

model::problem invalid(model::error_code code, std::string message) {
  return model::make_problem(code, std::move(message));
}

// A decimal query parameter within [min, max], `absent` when not given.
model::outcome<std::uint64_t> bounded_param(const http_request& request, std::string_view name,
                                            std::uint64_t min, std::uint64_t max,
                                            std::uint64_t absent) {
  auto text = query_param(request, name);
  if (!text)
    return text.error();
  if (!*text)
    return absent;
  auto value = parse_decimal(**text, min, max);
  if (!value)
    return invalid(model::error_code::invalid_request,
                   std::string(name) + " must be a whole number from " + std::to_string(min) +
                       " to " + std::to_string(max) + ", got " + quote_input(**text));
  return *value;
}

} // namespace

model::outcome<std::string> image_id_param(const http_request& request, std::size_t index) {
  const auto& text = request.path_params.at(index);
  auto id = model::canonical_image_id(text);
  if (!model::is_valid_image_id(id))
    return invalid(model::error_code::invalid_id,
                   quote_input(text) + " is not an image id (26 characters of Crockford base32)");
  return id;
}

model::outcome<std::uint32_t> version_param(const http_request& request, std::size_t index) {
  const auto& text = request.path_params.at(index);
  auto number = parse_decimal(text, 1, max_version_number);
  if (!number)
    return invalid(model::error_code::invalid_id, "version must be a whole number from 1 to " +
                                                      std::to_string(max_version_number) +
                                                      ", got " + quote_input(text));
  return static_cast<std::uint32_t>(*number);
}

model::outcome<std::int64_t> signature_seconds_param(const http_request& request) {
  auto seconds = bounded_param(request, "ttl", min_signature_seconds, max_signature_seconds,
                               default_signature_seconds);
  if (!seconds)
    return seconds.error();
  return static_cast<std::int64_t>(*seconds);
}

model::outcome<std::size_t> page_limit_param(const http_request& request) {
  auto limit = bounded_param(request, "limit", 1, model::max_page_limit, model::default_page_limit);
  if (!limit)
    return limit.error();
  return static_cast<std::size_t>(*limit);
}

model::outcome<std::string> page_cursor_param(const http_request& request) {
  auto before = query_param(request, "before");
  if (!before)
    return before.error();
  if (!*before)
    return std::string();
  auto id = model::canonical_image_id(**before);
  if (!model::is_valid_image_id(id))
    return invalid(model::error_code::invalid_id,
                   "before must be an image id, got " + quote_input(**before));
  return id;
}

model::outcome<std::uint32_t> wait_param(const http_request& request) {
  auto wait = bounded_param(request, "wait", 0, max_wait_seconds, 0);
  if (!wait)
    return wait.error();
  return static_cast<std::uint32_t>(*wait);
}

model::outcome<bool> reuse_param(const http_request& request) {
  auto reuse = query_param(request, "reuse");
  if (!reuse)
    return reuse.error();
  if (!*reuse || **reuse == "true")
    return true;
  if (**reuse == "false")
    return false;
  return invalid(model::error_code::invalid_request,
                 "reuse must be true or false, got " + quote_input(**reuse));
}

model::outcome<std::int32_t> parse_base(std::string_view text) {
  if (text == "latest")
    return model::base_latest;
  if (text == "original")
    return model::base_original;
  if (auto number = parse_decimal(text, 1, max_version_number))
    return static_cast<std::int32_t>(*number);
  return invalid(model::error_code::invalid_request,
                 "base must be \"latest\", \"original\" or a version number from 1 to " +
                     std::to_string(max_version_number) + ", got " + quote_input(text));
}

model::outcome<std::string> idempotency_key_header(const http_request& request) {
  const std::string* key = request.header("Idempotency-Key");
  if (!key)
    return std::string();
  if (!model::is_valid_idempotency_key(*key))
    return invalid(model::error_code::invalid_request,
                   "Idempotency-Key must be 1 to " +
                       std::to_string(model::max_idempotency_key_bytes) +
                       " visible ASCII characters");
  return *key;
}

} // namespace http_api
