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
/// 0.1 to 100", "one of jpeg, png, webp", "a size in pixels from 1 to 16384
/// or in percent from 1% to 100%", "a color name (black, ...) or #rgb,
/// #rrggbb or #rrggbbaa", "a text of 1 to 200 bytes (UTF-8, no control
/// characters)".
std::string expectation(const param_spec& param);

/// The argument for `text`, or invalid_operation "width must be an integer
/// from 1 to 16384, got \"abc\"". Integers are decimal digits (leading '-'
/// allowed, then rejected by the range); choices and colors are
/// case-insensitive; sizes are an integer or a number followed by '%';
/// texts are checked for their placeholders too (text_template.hpp).
model::outcome<argument> argument_from_text(const param_spec& param, std::string_view text);

/// The argument for a JSON value: integers must be JSON numbers with an
/// integral value, numbers finite JSON numbers, sizes integral JSON numbers
/// (pixels) or strings read as in the text form, choices, colors and texts
/// strings. Errors as for argument_from_text, with the value shown as JSON.
model::outcome<argument> argument_from_json(const param_spec& param, const nlohmann::json& value);

/// The JSON form of a valid argument: integers and pixel sizes as JSON
/// integers, numbers as JSON numbers, everything else as its text.
nlohmann::json argument_to_json(const param_spec& param, const argument& arg);

/// Whether `text` has the shape of a value of `param` (valid or not): an
/// integer or number shape for numeric parameters, a declared choice, '#'
/// or letters for colors, anything for texts. The text form gives an
/// optional argument to the first remaining parameter whose shape it has.
bool has_shape_of(const param_spec& param, std::string_view text);

/// The shortest text that reads back as `value`: "1.5", "90", "1e-07".
std::string number_text(double value);

/// `text` quoted for a message: at most 40 bytes, non-printable bytes and
/// quotes escaped, so that client input cannot break the message (or the
/// JSON it ends up in).
std::string quote_for_message(std::string_view text);

} // namespace imaging::operations
