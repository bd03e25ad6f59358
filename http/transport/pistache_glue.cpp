#include "http/transport/pistache_glue.hpp"

#include <sys/socket.h>

#include <pistache/peer.h>
#include <spdlog/spdlog.h>

namespace http_api {

namespace {

// Pistache's idle check reads every peer's parser (ParserData) twice a
// second: it must be a RequestParser. This one only carries the connection;
// the transport sets Pistache's own timeouts so long that the check never
// acts (connection.hpp keeps the time).
struct connection_holder : Pistache::Http::RequestParser {
  explicit connection_holder(std::shared_ptr<http_api::connection> held)
      : Pistache::Http::RequestParser(1), held(std::move(held)) {}

  std::shared_ptr<http_api::connection> held;
};

std::shared_ptr<connection> connection_of(const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  auto data = peer->tryGetData(Pistache::Http::Handler::ParserData);
  return data ? std::static_pointer_cast<connection_holder>(data)->held : nullptr;
}

} // namespace

void pistache_glue::onConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  std::shared_ptr<connection> opened;
  try {
    opened = connection::open(peer->fd(), peer->address().host(), shared_);
  } catch (const std::exception& e) {
    // Out of descriptors: Pistache still needs a parser for the peer; the
    // socket is shut down, so the event loop drops it at once.
    spdlog::warn("cannot serve a connection from {}: {}", peer->address().host(), e.what());
    ::shutdown(peer->fd(), SHUT_RDWR);
  }
  peer->putData(ParserData, std::make_shared<connection_holder>(std::move(opened)));
}

void pistache_glue::onInput(const char* data, std::size_t size,
                            const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  if (auto open = connection_of(peer))
    open->receive({data, size});
}

void pistache_glue::onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  if (auto open = connection_of(peer))
    open->peer_closed();
}

} // namespace http_api
