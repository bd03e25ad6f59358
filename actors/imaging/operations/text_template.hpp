#pragma once

// Placeholders in text parameters, filled from the operation context:
//   {id}         the image id
//   {created}    the upload time, RFC 3339 in UTC ("2026-11-28T04:55:44.123Z")
//   {label:KEY}  the value of the label KEY, empty when the image has none
//   {{ and }}    literal braces
// Anything else in braces is refused when the command is parsed, so that a
// typo never reaches the image as text.

#include <string>
#include <string_view>

#include "actors/imaging/operations/operation_context.hpp"
#include "actors/model/problem.hpp"

namespace imaging::operations {

/// The placeholders a text may hold, as the catalog shows them.
inline constexpr const char* text_placeholders[] = {"{id}", "{created}", "{label:KEY}"};

/// ok, or invalid_operation saying what is wrong: "unknown placeholder
/// {foo}", an unclosed '{', a single '}'.
model::status check_placeholders(std::string_view text);

/// Whether `text` (checked) holds a placeholder: its result then depends on
/// the image.
bool has_placeholders(std::string_view text);

/// `text` (checked) with its placeholders replaced from `context`. {created}
/// is empty when the context has no time.
std::string fill_placeholders(std::string_view text, const operation_context& context);

} // namespace imaging::operations
