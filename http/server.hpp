#pragma once

// The HTTP server of the public API: the routes over an
// actors::image_service behind the API key check and the request log,
// served by the HTTP transport (transport/http_transport.hpp).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "actors/service/image_service.hpp"
#include "actors/telemetry/metrics.hpp"
#include "http/routing/api_keys.hpp"
#include "http/routing/router.hpp"
#include "http/transport/http_transport.hpp"

namespace http_api {

struct server_options {
  // Where to listen, threads, limits and timeouts of connections.
  transport_options transport;
  // The origin whose browser pages may read answers (cors.hpp): "*", one
  // origin, or empty for none.
  std::string cors_origin;
  // API keys (see access_control.hpp); none: every request is served
  // without a key.
  std::vector<api_key> api_keys;
  // Where requests are counted and timed; none: not recorded.
  std::shared_ptr<telemetry::metrics> metrics;
};

class http_server {
public:
  /// Sets up the API routes over `service`, which must outlive the server,
  /// behind the API key check and the request log. Throws
  /// std::invalid_argument when an option is out of range (zero threads,
  /// limits, connections or timeouts).
  http_server(server_options options, actors::image_service& service);

  /// Stops the server.
  ~http_server();

  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  /// The routes, to add more before start(); not to be touched once
  /// started. Routes added here are behind the API key check like the
  /// others: open ones are declared in access_control.cpp.
  router& routes();

  /// Binds and serves on background threads; returns once listening.
  /// Throws std::runtime_error naming the address when it cannot listen
  /// (e.g. the port is taken) and std::logic_error when already started.
  void start();

  /// The port listened on (the real one when options.port was 0); 0 before
  /// start().
  std::uint16_t port() const;

  /// Stops listening, closes connections and joins the threads. Replies that
  /// arrive later are dropped. Idempotent.
  void stop();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace http_api
