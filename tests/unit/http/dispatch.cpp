#include "tests/unit/http/dispatch.hpp"

#include <nlohmann/json.hpp>

namespace http_test {

http_api::http_request request_for(std::string method, std::string path) {
  http_api::http_request request;
  request.method = std::move(method);
  request.path = std::move(path);
  return request;
}

http_api::http_response dispatch(const http_api::router& routes, http_api::http_request request) {
  http_api::http_response answer;
  answer.status = 0;
  routes.dispatch(std::move(request),
                  http_api::responder([&](http_api::http_response r) { answer = std::move(r); }));
  return answer;
}

std::string header_of(const http_api::http_response& response, const std::string& name) {
  for (const auto& field : response.headers)
    if (field.name == name)
      return field.value;
  return {};
}

std::string error_code_of(const http_api::http_response& response) {
  return nlohmann::json::parse(response.body)["error"]["code"];
}

} // namespace http_test
