#pragma once

// The one error body, {"error":{"code","message"}}, described from
// model::error_code and the one map from codes to statuses
// (views/error_response.hpp): each status gets a response whose schema
// accepts exactly the codes answered with it.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace http_api::openapi {

/// Every error code's name, each once.
std::vector<std::string> error_code_names();

/// The statuses error answers have: those of status_for(), and 431.
std::vector<int> error_statuses();

/// The name of the response component for error answers with `status`,
/// e.g. "Error404".
std::string error_response_name(int status);

/// Schemas: "Error" (any code) and "Error<status>" for each status.
nlohmann::json error_schemas();

/// Responses: "Error<status>" for each status; 401 with WWW-Authenticate,
/// 503 with Retry-After.
nlohmann::json error_responses();

} // namespace http_api::openapi
