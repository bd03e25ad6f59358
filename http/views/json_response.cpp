#include "http/views/json_response.hpp"

#include <nlohmann/json.hpp>

namespace http_api {

http_response json_response(int status, const nlohmann::json& body) {
  http_response response;
  response.status = status;
  response.with_header("Content-Type", "application/json");
  // Replacing invalid UTF-8 keeps a response possible whatever a message holds.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

} // namespace http_api
