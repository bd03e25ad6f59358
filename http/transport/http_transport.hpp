#pragma once

// The HTTP/1.1 transport of the API: listens, reads requests, hands each to
// the request handlers (request_handlers.hpp) and writes their answers. The
// rest of the API sees only http_request, http_response and responder
// (http_message.hpp); nothing outside this folder includes Pistache.
//
// Pistache 0.0.5 accepts connections and reads their bytes on its event
// loops. Everything else is ours, because that version lacks it or gets it
// wrong (test that pins each, in tests/unit/http/):
//  - answers are written through a duplicate of each socket's descriptor
//    (connection.hpp): Pistache's write queue addresses sockets by
//    descriptor number, which the next connection reuses at once, so late
//    answers and the half-close after them reached later clients and their
//    answers were lost (transport_test: answers_survive_connection_close_churn);
//  - the request line and header fields are parsed strictly by RFC 9112
//    (request_head.hpp, message_framing.hpp); Pistache's parser accepted
//    conflicting Content-Length fields, whitespace before a colon, requests
//    without Host, and kept one of several fields of a name
//    (rfc_conformance_test: the table of requirements);
//  - pipelined requests are answered one at a time, in order
//    (connection_input.hpp; rfc_conformance_test:
//    pipelined_answers_come_in_request_order); Pistache dropped all but the
//    first;
//  - HTTP/1.0 keep-alive is announced, "Connection: close" sent on the last
//    answer (rfc_conformance_test);
//  - "Expect: 100-continue" is answered once the headers pass the head
//    checks (transport_test: expect_continue_gets_100_before_the_body_is_sent);
//  - bodies are read as they arrive and refused as soon as they are known
//    to be too large, without buffering them (body_reader.hpp);
//  - every refusal and timeout is a JSON error (408 for slow clients),
//    then a half-close and a linger for the client to read it;
//  - header, body, idle and send timeouts are kept per connection and
//    checked by the transport's own thread (connection_reactor.hpp): at
//    0.0.5, Pistache's timeout closes a connection without telling the
//    handler, so a connection slot was never released
//    (transport_test: timed_out_connections_release_their_slot);
//  - connections over max_connections are answered 503 at once
//    (connection_slots.hpp);
//  - a body can be written as it comes (http_response::stream_body, for
//    Server-Sent Events): head without Content-Length, pieces written
//    without waiting for the client, the connection closed at the end, a
//    client that reads too little dropped (transport_test:
//    a_streamed_body_goes_out_as_written_and_ends_with_the_connection);
//  - every event loop is woken for new connections every 10 ms: 0.0.5's
//    queue of new connections can lose a wake-up (fixed upstream in 2024),
//    and the connection then waits until another one arrives on that loop
//    (transport_test: idle_connections_are_closed_cleanly, whose stream of
//    refused connections stalled 3 times in 20 runs under load without it).
//
// Pistache internals relied on (pistache_glue.cpp):
//  - Http::Handler's private virtual onConnection/onInput/onDisconnection
//    can be overridden, and onConnection runs before the socket is polled;
//  - the peer's ParserData must be a Http::RequestParser: the endpoint's
//    idle check reads its time() and step() every 500 ms;
//  - Endpoint::Options header/body/keepalive timeouts set far beyond ours
//    keep that check from ever closing a connection itself;
//  - a socket shut down by us is seen by the event loop as closed, which
//    then calls onDisconnection and drops the peer
//    (transport_test: idle_connections_are_closed_cleanly);
//  - Transport::peersQueue (private) is a PollableQueue whose eventfd
//    (tag()) wakes the loop to take new connections; pistache_glue.cpp
//    reaches it through an explicit instantiation.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "config/defaults.hpp"
#include "http/transport/connection.hpp"
#include "http/transport/request_handlers.hpp"

namespace http_api {

struct transport_options {
  std::string host = defaults::http_host;    // an IPv4 or IPv6 address to listen on
  std::uint16_t port = defaults::http_port;  // 0: any free port, see http_transport::port()
  unsigned threads = defaults::http_threads; // event-loop threads
  connection_limits limits;
  // Connections open at once. Beyond it a new connection is answered 503
  // overloaded (with Retry-After) and closed. The process needs a file
  // descriptor limit above twice this (each connection holds two).
  std::size_t max_connections = defaults::http_max_connections;
};

class http_transport {
public:
  /// Throws std::invalid_argument when an option is out of range (zero
  /// threads, limits, connections or timeouts).
  http_transport(transport_options options, request_handlers handlers);

  /// Stops.
  ~http_transport();

  http_transport(const http_transport&) = delete;
  http_transport& operator=(const http_transport&) = delete;

  /// Binds and serves on background threads; returns once listening.
  /// Throws std::runtime_error naming the address when it cannot listen
  /// (e.g. the port is taken) and std::logic_error when already started.
  void start();

  /// The port listened on (the real one when options.port was 0); 0 before
  /// start().
  std::uint16_t port() const;

  /// Stops listening, closes every connection and joins the threads.
  /// Answers that arrive later are dropped. Idempotent.
  void stop();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace http_api
