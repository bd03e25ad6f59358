#pragma once

#include <nlohmann/json_fwd.hpp>

#include "http/http_message.hpp"

namespace http_api {

/// A response with `body` serialised as application/json.
http_response json_response(int status, const nlohmann::json& body);

} // namespace http_api
