#include "http/request_log.hpp"

#include <chrono>

#include <spdlog/spdlog.h>

namespace http_api {

namespace {

spdlog::level::level_enum level_for(const std::string& method, int status) {
  if (status >= 500)
    return spdlog::level::warn;
  if (method == "GET" || method == "HEAD")
    return spdlog::level::debug;
  return spdlog::level::info;
}

} // namespace

middleware log_requests() {
  return [](http_request& request, const responder& respond, const handler& next) {
    auto started = std::chrono::steady_clock::now();
    responder logged([respond, started, method = request.method, path = request.path,
                      key = request.key_name, peer = request.peer](http_response response) {
      auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - started);
      spdlog::log(level_for(method, response.status), "{} {} {} in {} ms, key {}, from {}", method,
                  path, response.status, took.count(), key.empty() ? "-" : key,
                  peer.empty() ? "-" : peer);
      respond(std::move(response));
    });
    next(request, logged);
  };
}

} // namespace http_api
