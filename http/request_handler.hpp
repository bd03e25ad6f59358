#pragma once

// The Pistache glue: turns each complete request into an http_request for
// the router, and each http_response back into bytes on the connection.
//
// Pistache 0.0.5's Http::Handler::onInput is replaced (it is a private
// virtual) to add what that version lacks:
//  - pipelined requests are served one at a time, in order: a request is
//    parsed once the answer to the one before it is handed to the transport
//    (connection_input.hpp), instead of being dropped with the rest of the
//    buffer;
//  - HEAD is answered like GET without the body (wire_response.hpp), and
//    204 and 304 answers carry no Content-Length;
//  - "Expect: 100-continue" is answered once the headers are in and no body
//    byte has come, so clients do not stall waiting for it;
//  - bodies are read by our body step (request_parser.hpp): an oversized
//    Content-Length or chunked body is refused with 413 without buffering;
//  - once the headers are in, the router's head checks run before the body
//    is read (and before any "100 Continue"): a request without a valid API
//    key costs no body;
//  - parse errors get JSON bodies like every other error (431 for headers
//    over the limit), and the connection is closed after any refused
//    request, since its remaining bytes cannot be framed;
//  - the header timeout also covers the second and later requests of a
//    keep-alive connection, and a reply still being computed is not cut off
//    by it (see finish_request());
//  - connections over the limit are answered 503 overloaded at once and
//    closed (connection_slots.hpp).
//
// Includes Pistache: only for server.cpp.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include <pistache/http.h>

#include "http/connection_slots.hpp"
#include "http/http_message.hpp"
#include "http/router.hpp"
#include "http/server_gate.hpp"

namespace http_api {

class request_parser;

struct connection_limits {
  std::size_t max_header_bytes = 0; // request line and headers
  std::size_t max_body_bytes = 0;
};

/// Pistache clones the handler for each event-loop thread; clones share the
/// router, the gate and the connection slots. Everything a clone does with a
/// connection runs through the gate, so the server stops it (closes the
/// gate) before the transport and the clones go away.
class request_handler : public Pistache::Http::Handler {
public:
  HTTP_PROTOTYPE(request_handler)

  request_handler(std::shared_ptr<const router> routes, connection_limits limits,
                  std::shared_ptr<server_gate> gate, std::shared_ptr<connection_slots> slots);

private:
  // Required by Http::Handler; never called, since onInput() is replaced
  // and dispatches itself.
  void onRequest(const Pistache::Http::Request&, Pistache::Http::ResponseWriter) override {}

  void onConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
  void onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
  void onInput(const char* data, std::size_t size,
               const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;

  // For the holder of the connection's turn: parses the input held until
  // it runs out or a request is being answered.
  void serve_input(const std::shared_ptr<Pistache::Tcp::Peer>& peer);
  void parse(request_parser& parser, std::string_view bytes,
             const std::shared_ptr<Pistache::Tcp::Peer>& peer);
  void finish_request(request_parser& parser, std::string_view unused,
                      const std::shared_ptr<Pistache::Tcp::Peer>& peer);
  void refuse(request_parser& parser, const std::shared_ptr<Pistache::Tcp::Peer>& peer,
              http_response answer);

  std::shared_ptr<const router> routes_;
  connection_limits limits_;
  std::shared_ptr<server_gate> gate_;
  std::shared_ptr<connection_slots> slots_;
};

} // namespace http_api
