#include "actors/model/problem.hpp"

#include <array>
#include <ostream>

namespace model {

namespace {

struct code_name {
  error_code code;
  const char* name;
};

constexpr std::array<code_name, 27> code_names{{
    {error_code::invalid_request, "invalid_request"},
    {error_code::invalid_operation, "invalid_operation"},
    {error_code::invalid_id, "invalid_id"},
    {error_code::not_found, "not_found"},
    {error_code::method_not_allowed, "method_not_allowed"},
    {error_code::payload_too_large, "payload_too_large"},
    {error_code::unsupported_media_type, "unsupported_media_type"},
    {error_code::corrupt_image, "corrupt_image"},
    {error_code::image_too_large, "image_too_large"},
    {error_code::version_not_ready, "version_not_ready"},
    {error_code::version_failed, "version_failed"},
    {error_code::unknown_profile, "unknown_profile"},
    {error_code::overloaded, "overloaded"},
    {error_code::unauthorized, "unauthorized"},
    {error_code::forbidden, "forbidden"},
    {error_code::timeout, "timeout"},
    {error_code::unavailable, "unavailable"},
    {error_code::operation_failed, "operation_failed"},
    {error_code::conflict, "conflict"},
    {error_code::internal_error, "internal_error"},
    {error_code::request_timeout, "request_timeout"},
    {error_code::uri_too_long, "uri_too_long"},
    {error_code::range_not_satisfiable, "range_not_satisfiable"},
    {error_code::expectation_failed, "expectation_failed"},
    {error_code::not_implemented, "not_implemented"},
    {error_code::version_not_supported, "version_not_supported"},
    {error_code::insufficient_storage, "insufficient_storage"},
}};

} // namespace

const char* to_string(error_code code) noexcept {
  for (const auto& entry : code_names)
    if (entry.code == code)
      return entry.name;
  return "internal_error";
}

std::ostream& operator<<(std::ostream& out, error_code code) {
  return out << to_string(code);
}

std::optional<error_code> error_code_from_string(const std::string& name) {
  for (const auto& entry : code_names)
    if (name == entry.name)
      return entry.code;
  return std::nullopt;
}

} // namespace model
