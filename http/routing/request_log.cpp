#include "http/routing/request_log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>

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

/// The client's X-Request-Id when it is short visible ASCII, else a new id:
/// a random prefix per process and a counter, so ids never repeat.
std::string request_id(const http_request& request) {
  if (const auto* given = request.header("X-Request-Id")) {
    bool usable = !given->empty() && given->size() <= 64;
    for (char c : *given)
      usable = usable && c > ' ' && c < 127;
    if (usable)
      return *given;
  }
  static const auto prefix = std::random_device{}();
  static std::atomic<std::uint64_t> counter{0};
  char id[32];
  std::snprintf(id, sizeof(id), "%08x-%llu", prefix, static_cast<unsigned long long>(++counter));
  return id;
}

} // namespace

middleware log_requests() {
  return [](http_request& request, const responder& respond, const handler& next) {
    auto started = std::chrono::steady_clock::now();
    responder logged([respond, started, id = request_id(request), method = request.method,
                      route = request.route, path = request.path, key = request.key_name,
                      peer = request.peer](http_response response) {
      auto took = std::chrono::duration_cast<std::chrono::microseconds>(
          std::chrono::steady_clock::now() - started);
      spdlog::log(level_for(method, response.status),
                  "request id={} method={} route={} path={} status={} ms={:.1f} key={} peer={}", id,
                  method, route.empty() ? "-" : route, path, response.status, took.count() / 1000.0,
                  key.empty() ? "-" : key, peer.empty() ? "-" : peer);
      response.with_header("X-Request-Id", id);
      respond(std::move(response));
    });
    next(request, logged);
  };
}

} // namespace http_api
