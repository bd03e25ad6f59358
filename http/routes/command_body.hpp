#pragma once

// The two body forms of POST /v1/images/{id}/commands:
//   application/json  {"ops":[{"op":"resize","width":320,"height":240}], "base":"latest"}
//   text/plain        one operation per line; the base comes from ?base=

#include <cstdint>
#include <string_view>
#include <vector>

#include "actors/model/problem.hpp"
#include "actors/model/records.hpp"

namespace http_api {

/// The JSON form: an object with "ops" (required) and "base" (optional:
/// "latest", "original" or a version number). Errors: invalid_request (not
/// JSON, not an object, a missing "ops", an unknown key, a bad base),
/// invalid_operation from the operation parser (naming the index).
model::outcome<model::command> parse_json_command(std::string_view body);

} // namespace http_api
