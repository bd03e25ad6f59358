#pragma once

// The schemas of commands, from the operation catalog
// (actors/imaging/operation_catalog.hpp): one object schema per operation,
// {"op": its name, each parameter with its type, range, choices or pattern
// and default}, "Operation" as the choice between them, and the two body
// forms of POST /v1/images/{id}/commands.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/imaging/operation_catalog.hpp"

namespace http_api::openapi {

/// The component name of an operation's schema, e.g. "ResizeOperation".
std::string operation_schema_name(const imaging::operation_spec& operation);

/// The schema of one parameter as the JSON form accepts it.
nlohmann::json param_schema(const imaging::param_spec& param);

/// Schemas: one per operation of `catalog`, "Operation" (oneOf them),
/// "Base" and "Command" (the JSON form).
nlohmann::json operation_schemas(const std::vector<imaging::operation_spec>& catalog);

/// The schema of the text form: one operation per line, described by the
/// syntax of each.
nlohmann::json text_command_schema(const std::vector<imaging::operation_spec>& catalog);

} // namespace http_api::openapi
