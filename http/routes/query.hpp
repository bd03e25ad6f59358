#pragma once

// Reading query parameters strictly: unknown parameters and malformed
// values are errors, never ignored or replaced by defaults.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/model/problem.hpp"
#include "http/http_message.hpp"

namespace http_api {

/// Client input quoted for an error message, cut to 64 bytes so that a
/// huge value cannot bloat the answer.
std::string quote_input(std::string_view text);

/// Decodes %XX escapes and '+' (a space in query strings); nullopt for a
/// truncated or non-hex escape.
std::optional<std::string> percent_decode(std::string_view text);

/// invalid_request naming the first parameter of `request` not in `accepted`.
model::status accept_only(const http_request& request,
                          std::initializer_list<std::string_view> accepted);

/// The decoded values of every parameter `name`, in order; invalid_request
/// when an encoding is broken.
model::outcome<std::vector<std::string>> query_params(const http_request& request,
                                                      std::string_view name);

/// The decoded value of parameter `name`: nullopt when absent,
/// invalid_request when its encoding is broken or it is given more than once.
model::outcome<std::optional<std::string>> query_param(const http_request& request,
                                                       std::string_view name);

/// `text` as a canonical decimal (digits only, no sign, no leading zero)
/// within [min, max]; nullopt otherwise.
std::optional<std::uint64_t> parse_decimal(std::string_view text, std::uint64_t min,
                                           std::uint64_t max) noexcept;

} // namespace http_api
