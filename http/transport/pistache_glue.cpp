#include "http/transport/pistache_glue.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>

#include <pistache/peer.h>
#include <pistache/transport.h>
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

// Transport::peersQueue is private in 0.0.5. An explicit instantiation may
// name a private member (C++17 [temp.spec]/6); the friend it defines hands
// out the member pointer.
struct peers_queue_key {};
auto member_of(peers_queue_key);

template<auto Member>
struct member_opener {
  friend auto member_of(peers_queue_key) {
    return Member;
  }
};

template struct member_opener<&Pistache::Tcp::Transport::peersQueue>;

} // namespace

std::shared_ptr<Pistache::Tcp::Handler> pistache_glue::clone() const {
  auto copy = std::make_shared<pistache_glue>(*this);
  std::lock_guard lock(family_->mutex);
  family_->members.push_back(copy);
  return copy;
}

void pistache_glue::wake_for_new_connections() const {
  try {
    auto& queue = const_cast<pistache_glue*>(this)->transport()->*member_of(peers_queue_key{});
    if (!queue.isBound())
      return;
    std::uint64_t one = 1;
    (void)!::write(static_cast<int>(queue.tag().value()), &one, sizeof(one));
  } catch (const std::logic_error&) {
    // Not attached to a transport (the prototype Pistache clones).
  }
}

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

new_connection_sweeper::new_connection_sweeper(std::shared_ptr<glue_family> family,
                                               std::chrono::milliseconds interval)
    : family_(std::move(family)) {
  thread_ = std::thread([this, interval] {
    std::unique_lock lock(mutex_);
    while (!stop_requested_.wait_for(lock, interval, [this] { return stopping_; })) {
      std::lock_guard members(family_->mutex);
      for (const auto& member : family_->members)
        if (auto glue = member.lock())
          glue->wake_for_new_connections();
    }
  });
}

new_connection_sweeper::~new_connection_sweeper() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_requested_.notify_all();
  thread_.join();
}

} // namespace http_api
