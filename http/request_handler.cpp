#include "http/request_handler.hpp"

#include <sys/socket.h>

#include <mutex>
#include <string_view>

#include <pistache/peer.h>
#include <pistache/transport.h>
#include <spdlog/spdlog.h>

#include "http/ascii.hpp"
#include "http/error_response.hpp"
#include "http/request_parser.hpp"

namespace http_api {

namespace Http = Pistache::Http;
namespace Tcp = Pistache::Tcp;

namespace {

constexpr std::string_view continue_response = "HTTP/1.1 100 Continue\r\n\r\n";

// A response header with a name chosen at run time; Pistache's own header
// classes each hard-code one name.
class response_header final : public Http::Header::Header {
public:
  response_header(std::string name, std::string value)
      : name_(std::move(name)), value_(std::move(value)) {}

  const char* name() const override {
    return name_.c_str();
  }
  // Pistache checks this before casting a header to one of its typed
  // classes; a hash of our own makes such a cast fail instead of misreading.
  std::uint64_t hash() const override {
    return Http::Header::detail::hash("http_api::response_header");
  }
  void write(std::ostream& stream) const override {
    stream << value_;
  }

private:
  std::string name_;
  std::string value_;
};

bool has_line_break(const std::string& text) {
  return text.find_first_of("\r\n") != std::string::npos;
}

std::shared_ptr<request_parser> parser_of(const std::shared_ptr<Tcp::Peer>& peer) {
  return std::static_pointer_cast<request_parser>(Http::Handler::getParser(peer));
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

} // namespace

void reply_gate::send(Http::ResponseWriter& writer, http_response response, bool close_connection) {
  std::shared_lock lock(mutex_);
  // Holding the peer keeps it alive through send(), which otherwise races
  // with a disconnect between its own expiry check and use.
  auto peer = writer.getPeer();
  if (!open_ || !peer)
    return;
  for (auto& field : response.headers)
    if (!has_line_break(field.name) && !has_line_break(field.value))
      writer.headers().add(
          std::make_shared<response_header>(std::move(field.name), std::move(field.value)));
  if (close_connection)
    writer.headers().add(std::make_shared<response_header>("Connection", "close"));
  auto sent = writer.send(static_cast<Http::Code>(response.status), response.body.data(),
                          response.body.size());
  if (!close_connection)
    return;
  // Runs on the event loop once written; only a half-close, so that the
  // client reads the answer before the connection goes away.
  sent.then(
      [weak = std::weak_ptr<Tcp::Peer>(peer)](ssize_t) {
        if (auto alive = weak.lock())
          ::shutdown(alive->fd(), SHUT_WR);
      },
      Pistache::Async::IgnoreException);
}

void reply_gate::close() {
  std::unique_lock lock(mutex_);
  open_ = false;
}

request_handler::request_handler(std::shared_ptr<const router> routes, connection_limits limits,
                                 std::shared_ptr<reply_gate> gate,
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
  refuse(*parser_of(peer), peer,
         error_response(model::error_code::overloaded,
                        "too many connections; retry after the Retry-After delay"));
}

void request_handler::onDisconnection(const std::shared_ptr<Tcp::Peer>&) {
  slots_->release();
}

void request_handler::onInput(const char* data, std::size_t size,
                              const std::shared_ptr<Tcp::Peer>& peer) {
  auto parser = parser_of(peer);
  if (parser->refusing_input())
    return;
  try {
    if (parser->between_requests()) {
      parser->begin_request();
      peer->setIdle(false);
    }
    bool complete = false;
    if (auto* body = parser->body()) {
      auto used = body->consume({data, size});
      if (!used)
        throw request_refused(used.error());
      complete = body->complete();
    } else {
      if (!parser->feed(data, size))
        return refuse(*parser, peer, header_fields_too_large(limits_.max_header_bytes));
      complete = parser->parse() == Http::Private::State::Done;
    }
    if (complete)
      return finish_request(*parser, peer);
    if (parser->take_head_check_due()) {
      auto head = to_http_request(parser->request, *peer, std::string());
      if (auto refusal = routes_->check_head(head))
        return refuse(*parser, peer, std::move(*refusal));
    }
    if (parser->take_continue_due())
      peer->send(Pistache::RawBuffer(std::string(continue_response), continue_response.size()));
  } catch (const request_refused& e) {
    refuse(*parser, peer, error_response(e.failure()));
  } catch (const Http::HttpError& e) {
    refuse(*parser, peer, error_response(problem_of(e)));
  } catch (const std::exception& e) {
    refuse(*parser, peer,
           error_response(model::error_code::invalid_request,
                          std::string("malformed request: ") + e.what()));
  }
}

void request_handler::finish_request(request_parser& parser,
                                     const std::shared_ptr<Tcp::Peer>& peer) {
  onRequest(parser.request,
            Http::ResponseWriter(parser.request.version(), transport(), this, peer));
  parser.reset();
  // Pistache 0.0.5 closes a busy connection whose request started longer
  // than the header timeout ago, which would cut off replies that take a
  // while (?wait=). An idle connection is only closed after the keep-alive
  // timeout, which therefore bounds how long a reply may take.
  peer->setIdle(true);
}

void request_handler::refuse(request_parser& parser, const std::shared_ptr<Tcp::Peer>& peer,
                             http_response answer) {
  Http::ResponseWriter writer(parser.request.version(), transport(), this, peer);
  parser.reset();
  parser.refuse_input();
  gate_->send(writer, std::move(answer), true);
  // Marked busy after the send (which marks it idle), so that the header
  // timeout drops a client that never closes.
  peer->setIdle(false);
}

void request_handler::onRequest(const Http::Request& request, Http::ResponseWriter writer) {
  // The body step always runs before a request completes, so the reader exists.
  auto* body = parser_of(writer.getPeer())->body();
  auto converted =
      to_http_request(request, *writer.getPeer(), body ? body->take_body() : std::string());
  auto shared_writer = std::make_shared<Http::ResponseWriter>(std::move(writer));
  responder respond(
      [shared_writer, gate = gate_, close = wants_close(request)](http_response response) {
        gate->send(*shared_writer, std::move(response), close);
      });
  routes_->dispatch(std::move(converted), respond);
}

} // namespace http_api
