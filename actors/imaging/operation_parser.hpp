#pragma once

// Commands in their two client forms, both validated against the catalog:
//   text: one operation per line, "name arg...", '#' comments, blank lines
//   JSON: [{"op":"resize","width":320,"height":240}, ...]
// Every error names the line (text) or index (JSON) and what is wrong; no
// parameter is ever silently defaulted or clamped.

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
/// with "op" and exactly the declared parameters. Errors are
/// invalid_operation, e.g. "ops[1]: crop: missing parameter \"x\"".
model::outcome<std::vector<model::op_call>> parse_operations_json(const nlohmann::json& ops);

/// The JSON form of one validated operation: {"op":name, param: value...},
/// numbers as JSON numbers. For a call that does not match its declaration
/// (never produced by the parsers) unreadable arguments are emitted as
/// strings and missing ones omitted; it never throws.
nlohmann::json operation_to_json(const model::op_call& call);

/// The text form of one validated operation: "name arg...".
std::string operation_to_text(const model::op_call& call);

} // namespace imaging
