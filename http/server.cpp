#include "http/server.hpp"

#include <stdexcept>

#include <pistache/endpoint.h>

#include "http/access_control.hpp"
#include "http/request_handler.hpp"
#include "http/request_log.hpp"
#include "http/request_metrics.hpp"
#include "http/request_params.hpp"
#include "http/routes.hpp"

namespace http_api {

namespace Http = Pistache::Http;

struct http_server::impl {
  server_options options;
  std::shared_ptr<router> routes = std::make_shared<router>();
  std::shared_ptr<server_gate> gate;
  std::unique_ptr<Http::Endpoint> endpoint;
};

namespace {

void validate(const server_options& options) {
  auto require = [](bool condition, const char* message) {
    if (!condition)
      throw std::invalid_argument(std::string("http server: ") + message);
  };
  require(options.threads > 0, "threads must be at least 1");
  require(options.max_body_bytes > 0, "max_body_bytes must be positive");
  require(options.max_header_bytes >= 1024, "max_header_bytes must be at least 1024");
  require(options.header_timeout.count() > 0, "header_timeout must be positive");
  require(options.body_timeout.count() > 0, "body_timeout must be positive");
  require(options.idle_timeout > std::chrono::seconds(max_wait_seconds),
          "idle_timeout must exceed the longest wait (60 s)");
  require(options.max_connections > 0, "max_connections must be at least 1");
}

} // namespace

http_server::http_server(server_options options, actors::image_service& service)
    : impl_(std::make_unique<impl>()) {
  validate(options);
  auto keys = std::make_shared<const key_ring>(std::move(options.api_keys));
  impl_->options = std::move(options);
  impl_->routes->check(require_api_keys(std::move(keys)));
  impl_->routes->use(log_requests());
  if (impl_->options.metrics)
    impl_->routes->use(record_requests(impl_->options.metrics));
  add_api_routes(*impl_->routes, service);
}

http_server::~http_server() {
  stop();
}

router& http_server::routes() {
  return *impl_->routes;
}

void http_server::start() {
  if (impl_->endpoint)
    throw std::logic_error("http server already started");
  const auto& options = impl_->options;
  const std::string where = options.host + ":" + std::to_string(options.port);
  try {
    auto endpoint = std::make_unique<Http::Endpoint>(
        Pistache::Address(options.host, Pistache::Port(options.port)));
    // No maxRequestSize: the handler creates its own parsers with their
    // limits (request_handler.cpp).
    endpoint->init(Http::Endpoint::options()
                       .threads(static_cast<int>(options.threads))
                       .flags(Pistache::Tcp::Options::ReuseAddr)
                       .headerTimeout(options.header_timeout)
                       .bodyTimeout(options.body_timeout)
                       .keepaliveTimeout(options.idle_timeout));
    auto gate = std::make_shared<server_gate>();
    endpoint->setHandler(std::make_shared<request_handler>(
        impl_->routes, connection_limits{options.max_header_bytes, options.max_body_bytes}, gate,
        std::make_shared<connection_slots>(options.max_connections)));
    endpoint->serveThreaded();
    impl_->gate = std::move(gate);
    impl_->endpoint = std::move(endpoint);
  } catch (const std::exception& e) {
    throw std::runtime_error("http server cannot listen on " + where + ": " + e.what());
  }
}

std::uint16_t http_server::port() const {
  return impl_->endpoint ? static_cast<std::uint16_t>(impl_->endpoint->getPort()) : 0;
}

void http_server::stop() {
  if (!impl_->endpoint)
    return;
  impl_->gate->close();
  impl_->endpoint->shutdown();
  impl_->endpoint.reset();
  impl_->gate.reset();
}

} // namespace http_api
