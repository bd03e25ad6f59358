#include "http/transport/http_transport.hpp"

#include <stdexcept>

#include <pistache/endpoint.h>

#include "http/transport/pistache_glue.hpp"

namespace http_api {

namespace Http = Pistache::Http;

namespace {

// Pistache's own header, body and keep-alive timeouts: never reached, so
// that only ours (connection.hpp) close connections.
constexpr auto pistache_timeouts_off = std::chrono::hours(24 * 365 * 10);

// How often connections check their timeouts.
constexpr auto timeout_check_interval = std::chrono::milliseconds(250);

// How long a new connection whose wake-up Pistache lost may wait at most
// (pistache_glue.hpp).
constexpr auto new_connection_sweep_interval = std::chrono::milliseconds(10);

void validate(const transport_options& options) {
  auto require = [](bool condition, const char* message) {
    if (!condition)
      throw std::invalid_argument(std::string("http server: ") + message);
  };
  const auto& limits = options.limits;
  require(options.threads > 0, "threads must be at least 1");
  require(limits.max_body_bytes > 0, "max_body_bytes must be positive");
  require(limits.max_header_bytes >= 1024, "max_header_bytes must be at least 1024");
  require(limits.header_timeout.count() > 0, "header_timeout must be positive");
  require(limits.body_timeout.count() > 0, "body_timeout must be positive");
  require(limits.idle_timeout.count() > 0, "idle_timeout must be positive");
  require(limits.linger.count() > 0, "linger must be positive");
  require(options.max_connections > 0, "max_connections must be at least 1");
}

} // namespace

struct http_transport::impl {
  transport_options options;
  connection::context shared;
  std::unique_ptr<Http::Endpoint> endpoint;
  std::unique_ptr<new_connection_sweeper> sweeper;
};

http_transport::http_transport(transport_options options, request_handlers handlers)
    : impl_(std::make_unique<impl>()) {
  validate(options);
  impl_->options = std::move(options);
  impl_->shared.handlers = std::make_shared<const request_handlers>(std::move(handlers));
  impl_->shared.limits = impl_->options.limits;
}

http_transport::~http_transport() {
  stop();
}

void http_transport::start() {
  if (impl_->endpoint)
    throw std::logic_error("http server already started");
  const auto& options = impl_->options;
  const std::string where = options.host + ":" + std::to_string(options.port);
  try {
    auto shared = impl_->shared;
    shared.reactor = std::make_shared<connection_reactor>(timeout_check_interval);
    shared.gate = std::make_shared<server_gate>();
    shared.slots = std::make_shared<connection_slots>(options.max_connections);
    auto endpoint = std::make_unique<Http::Endpoint>(
        Pistache::Address(options.host, Pistache::Port(options.port)));
    endpoint->init(Http::Endpoint::options()
                       .threads(static_cast<int>(options.threads))
                       .flags(Pistache::Tcp::Options::ReuseAddr | Pistache::Tcp::Options::NoDelay)
                       .headerTimeout(pistache_timeouts_off)
                       .bodyTimeout(pistache_timeouts_off)
                       .keepaliveTimeout(pistache_timeouts_off));
    auto family = std::make_shared<glue_family>();
    endpoint->setHandler(std::make_shared<pistache_glue>(shared, family));
    endpoint->serveThreaded();
    impl_->sweeper =
        std::make_unique<new_connection_sweeper>(family, new_connection_sweep_interval);
    impl_->shared = std::move(shared);
    impl_->endpoint = std::move(endpoint);
  } catch (const std::exception& e) {
    throw std::runtime_error("http server cannot listen on " + where + ": " + e.what());
  }
}

std::uint16_t http_transport::port() const {
  return impl_->endpoint ? static_cast<std::uint16_t>(impl_->endpoint->getPort()) : 0;
}

void http_transport::stop() {
  if (!impl_->endpoint)
    return;
  auto& shared = impl_->shared;
  // Before the transports go: it writes to their queues' descriptors.
  impl_->sweeper.reset();
  shared.gate->close();
  shared.reactor->for_each(
      [](watched_connection& open) { static_cast<connection&>(open).abort(); });
  impl_->endpoint->shutdown();
  impl_->endpoint.reset();
  shared.reactor->stop();
}

} // namespace http_api
