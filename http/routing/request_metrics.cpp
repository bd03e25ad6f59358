#include "http/routing/request_metrics.hpp"

#include <chrono>

namespace http_api {

middleware record_requests(std::shared_ptr<telemetry::metrics> metrics) {
  return [metrics](http_request& request, const responder& respond, const handler& next) {
    auto started = std::chrono::steady_clock::now();
    responder recorded([metrics, respond, started, method = request.method,
                        route = request.route.empty() ? std::string("unmatched")
                                                      : request.route](http_response response) {
      auto took = std::chrono::duration_cast<std::chrono::microseconds>(
          std::chrono::steady_clock::now() - started);
      metrics->count(telemetry::names::http_requests,
                     {route, method, std::to_string(response.status)});
      metrics->observe(telemetry::names::http_duration, {route}, took.count() / 1e6);
      metrics->requests.record(took);
      respond(std::move(response));
    });
    next(request, recorded);
  };
}

} // namespace http_api
