#pragma once

// Checks one parameter value against its declaration and gives its
// canonical text. Shared by the text parser, the JSON parser and the
// pipeline, so that all three accept exactly the same values.

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "actors/imaging/operations/operation_types.hpp"

namespace imaging::operations {

/// What a parameter accepts: "an integer from 1 to 16384", "a number from
/// 0.1 to 100", "one of jpeg, png, webp".
std::string expectation(const param_spec& param);

/// The argument for `text`, or invalid_operation "width must be an integer
/// from 1 to 16384, got \"abc\"". Integers are decimal digits (leading '-'
/// allowed, then rejected by the range); choices are case-insensitive.
model::outcome<argument> argument_from_text(const param_spec& param, std::string_view text);

/// The argument for a JSON value: integers must be JSON numbers with an
/// integral value, numbers finite JSON numbers, choices strings. Errors as
/// for argument_from_text, with the value shown as JSON.
model::outcome<argument> argument_from_json(const param_spec& param, const nlohmann::json& value);

/// The shortest text that reads back as `value`: "1.5", "90", "1e-07".
std::string number_text(double value);

/// `text` quoted for a message: at most 40 bytes, non-printable bytes and
/// quotes escaped, so that client input cannot break the message (or the
/// JSON it ends up in).
std::string quote_for_message(std::string_view text);

} // namespace imaging::operations
