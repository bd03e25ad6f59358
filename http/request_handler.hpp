#pragma once

// The Pistache glue: turns each complete request into an http_request for
// the router, and each http_response back into bytes on the connection.
//
// Pistache 0.0.5's Http::Handler::onInput is replaced (it is a private
// virtual) to add what that version lacks:
//  - "Expect: 100-continue" is answered once the headers are in and no body
//    byte has come, so clients do not stall waiting for it;
//  - bodies are read by our body step (request_parser.hpp): an oversized
//    Content-Length or chunked body is refused with 413 without buffering;
//  - once the headers are in, the router's head checks run before the body
//    is read (and before any "100 Continue"): a request without a valid API
//    key costs no body;
//  - parse errors get JSON bodies like every other error, and the connection
//    is closed after any refused request, since its remaining bytes cannot
//    be framed;
//  - the header timeout also covers the second and later requests of a
//    keep-alive connection, and a reply still being computed is not cut off
//    by it (see onInput());
//  - connections over the limit are answered 503 overloaded at once and
//    closed (connection_slots.hpp).
//
// Includes Pistache: only for server.cpp.

#include <cstddef>
#include <memory>
#include <shared_mutex>

#include <pistache/http.h>

#include "actors/model/problem.hpp"
#include "http/connection_slots.hpp"
#include "http/http_message.hpp"
#include "http/router.hpp"

namespace http_api {

class request_parser;

/// Lets replies that arrive after the server stopped be dropped instead of
/// touching a destroyed transport. Thread-safe.
class reply_gate {
public:
  /// Sends `response` through `writer` unless the gate is closed or the
  /// client is gone; closes the connection after it when `close_connection`.
  void send(Pistache::Http::ResponseWriter& writer, http_response response, bool close_connection);

  /// Waits for sends in progress; later sends are dropped.
  void close();

private:
  std::shared_mutex mutex_;
  bool open_ = true;
};

struct connection_limits {
  std::size_t max_header_bytes = 0; // request line and headers
  std::size_t max_body_bytes = 0;
};

/// Pistache clones the handler for each event-loop thread; clones share the
/// router, the gate and the connection slots.
class request_handler : public Pistache::Http::Handler {
public:
  HTTP_PROTOTYPE(request_handler)

  request_handler(std::shared_ptr<const router> routes, connection_limits limits,
                  std::shared_ptr<reply_gate> gate, std::shared_ptr<connection_slots> slots);

  /// Dispatches a complete request; its body is taken from the connection's
  /// parser. Called by onInput() on the connection's event-loop thread.
  void onRequest(const Pistache::Http::Request& request,
                 Pistache::Http::ResponseWriter writer) override;

private:
  void onConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
  void onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
  void onInput(const char* data, std::size_t size,
               const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;

  void finish_request(request_parser& parser, const std::shared_ptr<Pistache::Tcp::Peer>& peer);
  void refuse(request_parser& parser, const std::shared_ptr<Pistache::Tcp::Peer>& peer,
              http_response answer);

  std::shared_ptr<const router> routes_;
  connection_limits limits_;
  std::shared_ptr<reply_gate> gate_;
  std::shared_ptr<connection_slots> slots_;
};

} // namespace http_api
