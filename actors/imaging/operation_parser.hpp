#pragma once

// Commands in their two client forms, both validated against the catalog:
//   text: one operation per line, "name arg...", '#' comments, blank lines
//   JSON: [{"op":"resize","width":320,"height":240}, ...]
// Every error names the line (text) or index (JSON) and what is wrong; no
// value is ever clamped, and only optional parameters take their declared
// default.
//
// In the text form, arguments are separated by blanks; a word in double
// quotes may hold blanks and '#' and escapes only \" and \\ (annotate
// "Line 3 \"A\"" southwest). A '#' outside quotes starts a comment, except
// where it begins a word of hexadecimal digits after the operation's name:
// a color (extend 800 600 center #ff000080), checked as such. Optional arguments follow the
// required ones in declaration order, each given to the next optional parameter that can take it
// (operations/binding.hpp).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "actors/model/problem.hpp"
#include "actors/model/records.hpp"

namespace imaging {

/// Upper bound on operations in one command.
constexpr std::size_t max_operations_per_command = 64;

/// Parses the text form. An empty command (no operation) is an error.
/// Errors are invalid_operation, e.g. "line 2: resize: width must be an
/// integer from 1 to 16384, got \"abc\"".
model::outcome<std::vector<model::op_call>> parse_operations_text(std::string_view text);

/// Parses the JSON form: `ops` must be a non-empty array of objects, each
/// with "op", every required parameter and no undeclared one. Errors are
/// invalid_operation, e.g. "ops[1]: resize: missing parameter \"height\"".
model::outcome<std::vector<model::op_call>> parse_operations_json(const nlohmann::json& ops);

/// The JSON form of one validated operation: {"op":name, param: value...},
/// numbers as JSON numbers, parameters left out as in its canonical form
/// (operations/binding.hpp). For a call that
/// does not match its declaration (never produced by the parsers) the
/// arguments are emitted as strings in declaration order and missing ones
/// omitted; it never throws.
nlohmann::json operation_to_json(const model::op_call& call);

/// The text form of one validated operation: "name arg...", canonical,
/// texts in quotes.
std::string operation_to_text(const model::op_call& call);

/// Whether `ops` draw values of the image they run on (annotate's
/// placeholders): the same operations on the same bytes then give another
/// result for another image, so such a command must not take over a
/// version of another image (command::reuse).
bool reads_image_context(const std::vector<model::op_call>& ops);

/// The ids of the stored images that `ops` draw (their image parameters,
/// such as watermark's), canonical, each once, in order.
std::vector<std::string> images_named(const std::vector<model::op_call>& ops);

} // namespace imaging
