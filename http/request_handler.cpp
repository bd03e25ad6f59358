#include "http/request_handler.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <limits>
#include <string>

#include <pistache/peer.h>
#include <spdlog/spdlog.h>

#include "http/ascii.hpp"
#include "http/error_response.hpp"
#include "http/request_parser.hpp"
#include "http/wire_response.hpp"

namespace http_api {

namespace Http = Pistache::Http;
namespace Tcp = Pistache::Tcp;

namespace {

constexpr std::string_view continue_response = "HTTP/1.1 100 Continue\r\n\r\n";

std::shared_ptr<request_parser> parser_of(const std::shared_ptr<Tcp::Peer>& peer) {
  return std::static_pointer_cast<request_parser>(Http::Handler::getParser(peer));
}

// Queues `bytes` on the connection; Pistache writes a connection's queue in
// order. With `close_connection`, only a half-close follows once they are
// written, so that the client reads them before the connection goes away.
void send(const std::shared_ptr<Tcp::Peer>& peer, std::string bytes, bool close_connection) {
  auto size = bytes.size();
  auto sent = peer->send(Pistache::RawBuffer(std::move(bytes), size));
  if (!close_connection)
    return;
  sent.then(
      [weak = std::weak_ptr<Tcp::Peer>(peer)](ssize_t) {
        if (auto alive = weak.lock())
          ::shutdown(alive->fd(), SHUT_WR);
      },
      Pistache::Async::IgnoreException);
}

// The answer to HEAD is that to GET without the body (RFC 9110 section
// 9.3.2); the router routes HEAD to GET.
bool is_head(const Http::Request& request) {
  return request.method() == Http::Method::Head;
}

// HTTP/1.1 keeps connections open unless told otherwise, HTTP/1.0 only
// when asked to.
bool wants_close(const Http::Request& request) {
  auto connection = request.headers().tryGetRaw("Connection");
  std::string value = connection ? connection->value() : std::string();
  if (equals_ignoring_case(trim_spaces(value), "close"))
    return true;
  return request.version() == Http::Version::Http10 &&
         !equals_ignoring_case(trim_spaces(value), "keep-alive");
}

http_request to_http_request(const Http::Request& request, const Tcp::Peer& peer,
                             std::string body) {
  http_request converted;
  // The host only: Pistache 0.0.5 reports peer ports in network byte order.
  converted.peer = peer.address().host();
  converted.method = Http::methodString(request.method());
  converted.path = request.resource();
  for (auto param = request.query().parameters_begin(); param != request.query().parameters_end();
       ++param)
    converted.query.emplace_back(param->first, param->second);
  for (const auto& [name, raw] : request.headers().rawList())
    converted.headers.push_back({raw.name(), raw.value()});
  converted.body = std::move(body);
  return converted;
}

// Pistache parse errors carry an HTTP status; map it back to our codes.
model::problem problem_of(const Http::HttpError& error) {
  auto code = error.code() == static_cast<int>(Http::Code::Request_Entity_Too_Large)
                  ? model::error_code::payload_too_large
                  : model::error_code::invalid_request;
  return model::make_problem(code, "malformed request: " + error.reason());
}

// RFC 9112 section 2.2: empty lines before a request line are ignored
// (some clients send one after a body).
std::string_view skip_empty_lines(std::string_view bytes) {
  auto start = bytes.find_first_not_of("\r\n");
  return start == std::string_view::npos ? std::string_view() : bytes.substr(start);
}

} // namespace

request_handler::request_handler(std::shared_ptr<const router> routes, connection_limits limits,
                                 std::shared_ptr<server_gate> gate,
                                 std::shared_ptr<connection_slots> slots)
    : routes_(std::move(routes)), limits_(limits), gate_(std::move(gate)),
      slots_(std::move(slots)) {}

void request_handler::onConnection(const std::shared_ptr<Tcp::Peer>& peer) {
  // The transport hands over at most MaxBuffer bytes per read, so the read
  // that completes the headers may add that much of the body to the buffer.
  std::shared_ptr<Http::RequestParser> parser = std::make_shared<request_parser>(
      limits_.max_header_bytes + Pistache::Const::MaxBuffer, limits_.max_body_bytes);
  peer->putData(ParserData, parser);
  auto admission = slots_->take();
  if (admission == connection_slots::admission::accepted)
    return;
  if (admission == connection_slots::admission::first_refused)
    spdlog::warn("{} connections are open, the limit (http.max-connections): refusing new "
                 "connections with 503 until some close",
                 slots_->limit());
  // Answered before any request: the client reads the 503 as the answer to
  // whatever it sends, and the connection is closed after it.
  gate_->run([&] {
    auto answer = error_response(model::error_code::overloaded,
                                 "too many connections; retry after the Retry-After delay");
    // The socket buffer of a new connection is empty, so the answer is
    // written whole at once and the half-close follows it directly, not
    // after a turn of the transport's write queue, which a loaded server
    // may not give it before the client gives up.
    auto bytes = wire_response(answer, false, true);
    auto written = ::send(peer->fd(), bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    parser_of(peer)->input().close();
    if (written == static_cast<ssize_t>(bytes.size()))
      ::shutdown(peer->fd(), SHUT_WR);
    else
      send(peer, bytes.substr(static_cast<std::size_t>(std::max<ssize_t>(written, 0))), true);
    // Busy, so that the header timeout drops a client that never closes.
    peer->setIdle(false);
  });
}

void request_handler::onDisconnection(const std::shared_ptr<Tcp::Peer>&) {
  slots_->release();
}

void request_handler::onInput(const char* data, std::size_t size,
                              const std::shared_ptr<Tcp::Peer>& peer) {
  gate_->run([&] {
    switch (parser_of(peer)->input().receive({data, size})) {
    case connection_input::arrival::parse:
      return serve_input(peer);
    case connection_input::arrival::over_limit:
      spdlog::info("{} sent more than {} bytes ahead of an answer; the connection closes after it",
                   peer->address().host(), limits_.max_header_bytes + Pistache::Const::MaxBuffer);
      return;
    case connection_input::arrival::held:
    case connection_input::arrival::ignored:
      return;
    }
  });
}

void request_handler::serve_input(const std::shared_ptr<Tcp::Peer>& peer) {
  auto parser = parser_of(peer);
  // Headers go through Pistache's buffer, which is bounded; body bytes go
  // straight to the body reader, which has its own bound.
  for (;;) {
    auto bytes = parser->input().next(parser->body() ? std::numeric_limits<std::size_t>::max()
                                                     : Pistache::Const::MaxBuffer);
    if (!bytes)
      return;
    parse(*parser, *bytes, peer);
  }
}

// Parsing may run on the thread of the answer that resumed it, not the
// connection's event loop. Pistache's idle check reads the parser's start
// time and step and the peer's idle flag from the event loop meanwhile:
// plain scalars, read for a timeout decision that a slightly stale value
// cannot make wrong by more than one check interval.
void request_handler::parse(request_parser& parser, std::string_view bytes,
                            const std::shared_ptr<Tcp::Peer>& peer) {
  try {
    if (parser.between_requests()) {
      bytes = skip_empty_lines(bytes);
      if (bytes.empty())
        return;
      parser.begin_request();
      peer->setIdle(false);
    }
    if (auto* body = parser.body()) {
      auto used = body->consume(bytes);
      if (!used)
        throw request_refused(used.error());
      if (body->complete())
        return finish_request(parser, bytes.substr(*used), peer);
    } else {
      if (!parser.feed(bytes.data(), bytes.size()))
        return refuse(parser, peer, header_fields_too_large(limits_.max_header_bytes));
      if (parser.parse() == Http::Private::State::Done)
        return finish_request(parser, parser.take_unparsed(), peer);
    }
    if (parser.take_head_check_due()) {
      auto head = to_http_request(parser.request, *peer, std::string());
      if (auto refusal = routes_->check_head(head))
        return refuse(parser, peer, std::move(*refusal));
    }
    if (parser.take_continue_due())
      send(peer, std::string(continue_response), false);
  } catch (const request_refused& e) {
    refuse(parser, peer, error_response(e.failure()));
  } catch (const Http::HttpError& e) {
    refuse(parser, peer, error_response(problem_of(e)));
  } catch (const std::exception& e) {
    refuse(parser, peer,
           error_response(model::error_code::invalid_request,
                          std::string("malformed request: ") + e.what()));
  }
}

void request_handler::finish_request(request_parser& parser, std::string_view unused,
                                     const std::shared_ptr<Tcp::Peer>& peer) {
  // The body step always runs before a request completes, so the reader
  // exists.
  auto request = to_http_request(parser.request, *peer, parser.body()->take_body());
  bool head_only = is_head(parser.request);
  parser.input().request_complete(unused);
  if (wants_close(parser.request))
    parser.input().close();
  parser.reset();
  // Pistache 0.0.5 closes a busy connection whose request started longer
  // than the header timeout ago, which would cut off replies that take a
  // while (?wait=). An idle connection is only closed after the keep-alive
  // timeout, which therefore bounds how long a reply may take.
  peer->setIdle(true);
  responder respond([this, gate = gate_, weak = std::weak_ptr<Tcp::Peer>(peer),
                     head_only](http_response response) {
    gate->run([&] {
      auto alive = weak.lock();
      if (!alive)
        return;
      bool resumes = parser_of(alive)->input().answer([&](bool close_after) {
        send(alive, wire_response(response, head_only, close_after), close_after);
      });
      if (resumes)
        serve_input(alive);
    });
  });
  routes_->dispatch(std::move(request), respond);
}

void request_handler::refuse(request_parser& parser, const std::shared_ptr<Tcp::Peer>& peer,
                             http_response answer) {
  bool head_only = is_head(parser.request);
  parser.input().close();
  parser.reset();
  send(peer, wire_response(answer, head_only, true), true);
  // Busy, so that the header timeout drops a client that never closes.
  peer->setIdle(false);
}

} // namespace http_api
