#include "http/server.hpp"

#include "http/routes/routes.hpp"
#include "http/routing/access_control.hpp"
#include "http/routing/cors.hpp"
#include "http/routing/request_log.hpp"
#include "http/routing/request_metrics.hpp"
#include "http/transport/http_transport.hpp"

namespace http_api {

struct http_server::impl {
  server_options options;
  std::shared_ptr<router> routes = std::make_shared<router>();
  std::unique_ptr<http_transport> transport;
};

http_server::http_server(server_options options, actors::image_service& service)
    : impl_(std::make_unique<impl>()) {
  auto keys = std::make_shared<const key_ring>(std::move(options.api_keys));
  impl_->options = std::move(options);
  auto routes = impl_->routes;
  // Checked here, so that a bad option fails before any route is added.
  impl_->transport = std::make_unique<http_transport>(
      impl_->options.transport,
      request_handlers{[routes](http_request& head) { return routes->check_head(head); },
                       [routes](http_request request, const responder& respond) {
                         routes->dispatch(std::move(request), respond);
                       }});
  if (!impl_->options.cors_origin.empty())
    routes->filter(cors_filter(impl_->options.cors_origin));
  routes->check(require_api_keys(std::move(keys)));
  routes->use(log_requests());
  if (impl_->options.metrics)
    routes->use(record_requests(impl_->options.metrics));
  add_api_routes(*routes, service);
}

http_server::~http_server() {
  stop();
}

router& http_server::routes() {
  return *impl_->routes;
}

void http_server::start() {
  impl_->transport->start();
}

std::uint16_t http_server::port() const {
  return impl_->transport->port();
}

void http_server::stop() {
  impl_->transport->stop();
}

} // namespace http_api
