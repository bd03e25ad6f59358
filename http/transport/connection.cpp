#include "http/transport/connection.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <limits>
#include <system_error>

#include <spdlog/spdlog.h>

#include "http/transport/http_date.hpp"
#include "http/transport/wire_response.hpp"
#include "http/views/error_response.hpp"

namespace http_api {

namespace {

constexpr std::string_view continue_response = "HTTP/1.1 100 Continue\r\n\r\n";

// A streamed body's bytes waiting for a client that reads too slowly: past
// this the client is dropped, rather than the server holding on to more.
constexpr std::uint64_t max_stream_backlog = 1 << 20;

// Query parameters as sent, split at '&' and the first '='; empty ones
// ("a=1&&b=2") are skipped.
std::vector<std::pair<std::string, std::string>> query_pairs(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  while (!query.empty()) {
    auto amp = query.find('&');
    auto part = query.substr(0, amp);
    if (!part.empty()) {
      auto equals = part.find('=');
      if (equals == std::string_view::npos)
        pairs.emplace_back(std::string(part), std::string());
      else
        pairs.emplace_back(std::string(part.substr(0, equals)),
                           std::string(part.substr(equals + 1)));
    }
    if (amp == std::string_view::npos)
      break;
    query.remove_prefix(amp + 1);
  }
  return pairs;
}

http_request to_http_request(const request_head& head, std::string body, const std::string& peer) {
  http_request request;
  request.method = head.method;
  request.path = head.path;
  request.query = query_pairs(head.query);
  request.headers = head.fields;
  request.body = std::move(body);
  request.peer = peer;
  return request;
}

// RFC 9112 section 2.2: empty lines before a request line are ignored
// (some clients send one after a body).
std::string_view skip_empty_lines(std::string_view bytes) {
  auto start = bytes.find_first_not_of("\r\n");
  return start == std::string_view::npos ? std::string_view() : bytes.substr(start);
}

int duplicate(int fd) {
  int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0)
    throw std::system_error(errno, std::generic_category(), "dup of a connection's socket");
  // Writes never wait for the client: sendfile() has no MSG_DONTWAIT.
  ::fcntl(copy, F_SETFL, ::fcntl(copy, F_GETFL) | O_NONBLOCK);
  return copy;
}

} // namespace

// The body_stream of a connection's streamed answer; it does not keep the
// connection alive.
class connection::stream final : public body_stream {
public:
  explicit stream(std::weak_ptr<connection> owner) : owner_(std::move(owner)) {}

  bool write(std::string bytes) override {
    auto owner = owner_.lock();
    return owner && owner->stream_write(std::move(bytes));
  }

  bool open() const override {
    auto owner = owner_.lock();
    return owner && !owner->stream_over_;
  }

  void end() override {
    if (auto owner = owner_.lock())
      owner->stream_end();
  }

private:
  std::weak_ptr<connection> owner_;
};

std::shared_ptr<connection> connection::open(int fd, std::string peer, const context& shared) {
  std::shared_ptr<connection> opened(new connection(duplicate(fd), std::move(peer), shared));
  opened->reactor_id_ = shared.reactor->add(opened);
  auto admission = shared.slots->take();
  opened->holds_slot_ = true;
  if (admission == connection_slots::admission::accepted)
    return opened;
  if (admission == connection_slots::admission::first_refused)
    spdlog::warn("{} connections are open, the limit (http.max-connections): refusing new "
                 "connections with 503 until some close",
                 shared.slots->limit());
  // Answered before any request: the client reads the 503 as the answer to
  // whatever it sends.
  opened->input_.close();
  opened->refuse(model::make_problem(model::error_code::overloaded,
                                     "too many connections; retry after the Retry-After delay"));
  return opened;
}

connection::connection(int duplicate, std::string peer, const context& shared)
    : fd_(duplicate), peer_(std::move(peer)), shared_(shared),
      input_(shared.limits.max_header_bytes + max_request_line_bytes), outbox_(duplicate),
      phase_since_(std::chrono::steady_clock::now()) {}

connection::~connection() {
  shared_.reactor->remove(reactor_id_, fd_);
  if (holds_slot_)
    shared_.slots->release();
  ::close(fd_);
}

void connection::receive(std::string_view bytes) {
  shared_.gate->run([&] {
    switch (input_.receive(bytes)) {
    case connection_input::arrival::parse:
      return serve_input();
    case connection_input::arrival::over_limit:
      spdlog::info("{} sent more than {} bytes ahead of an answer; the connection closes after it",
                   peer_, shared_.limits.max_header_bytes + max_request_line_bytes);
      return;
    case connection_input::arrival::held:
    case connection_input::arrival::ignored:
      return;
    }
  });
}

void connection::peer_closed() {
  // An answer still due is written, with "Connection: close".
  input_.close();
  stream_over_ = true;
}

void connection::abort() {
  input_.close();
  stream_over_ = true;
  ::shutdown(fd_, SHUT_RDWR);
}

void connection::on_writable() {
  if (outbox_.resume() == outbox::state::blocked)
    shared_.reactor->watch_writable(reactor_id_, fd_, shared_from_this());
}

void connection::on_tick(std::chrono::steady_clock::time_point now) {
  if (auto stalled = outbox_.stalled_since();
      stalled && now - *stalled > shared_.limits.body_timeout) {
    spdlog::info("{} read nothing of its answer for {} ms; the connection is closed", peer_,
                 shared_.limits.body_timeout.count());
    return abort();
  }
  phase current;
  {
    std::lock_guard lock(clock_mutex_);
    current = phase_;
  }
  if (current == phase::closing) {
    if (expired(now))
      abort();
    return;
  }
  if (current == phase::answering || !input_.close_if_quiet([&] { return expired(now); }))
    return;
  // The input is closed and no request is in progress: only this thread
  // answers on the connection now.
  if (current == phase::idle) {
    enter(phase::closing);
    send({}, true);
  } else {
    reset_request();
    refuse(model::make_problem(model::error_code::request_timeout,
                               current == phase::head
                                   ? "the request line and headers took too long to arrive"
                                   : "the request body took too long to arrive"));
  }
}

// Whether the current phase has lasted longer than its timeout.
bool connection::expired(std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(clock_mutex_);
  const auto& limits = shared_.limits;
  auto lasted = now - phase_since_;
  switch (phase_) {
  case phase::idle:
    return lasted > limits.idle_timeout;
  case phase::head:
    return lasted > limits.header_timeout;
  case phase::body:
    return lasted > limits.body_timeout;
  case phase::closing:
    return lasted > limits.linger;
  case phase::answering:
  case phase::streaming:
    return false;
  }
  return false;
}

void connection::enter(phase next) {
  std::lock_guard lock(clock_mutex_);
  // The body's deadline counts from the request's first byte, like the
  // header's.
  if (!(phase_ == phase::head && next == phase::body))
    phase_since_ = std::chrono::steady_clock::now();
  phase_ = next;
}

void connection::serve_input() {
  // Headers are read a bounded piece at a time; body bytes go straight to
  // the body reader, which has its own bound.
  for (;;) {
    auto bytes = input_.next(body_ ? std::numeric_limits<std::size_t>::max()
                                   : shared_.limits.max_header_bytes + max_request_line_bytes);
    if (!bytes)
      return;
    parse(*bytes);
  }
}

void connection::parse(std::string_view bytes) {
  if (!head_ && head_bytes_.empty()) {
    bytes = skip_empty_lines(bytes);
    if (bytes.empty())
      return;
    enter(phase::head);
  }
  if (!head_)
    return read_head(bytes);
  read_body(bytes);
}

void connection::read_head(std::string_view bytes) {
  const auto& limits = shared_.limits;
  head_bytes_.append(bytes);
  auto end = find_head_end(head_bytes_, head_searched_);
  if (!end) {
    head_searched_ = head_bytes_.size();
    bool line_done = head_bytes_.find('\n') != std::string::npos;
    if (!line_done && head_bytes_.size() > max_request_line_bytes)
      return refuse(model::make_problem(model::error_code::uri_too_long,
                                        "the request line is longer than " +
                                            std::to_string(max_request_line_bytes) + " bytes"));
    if (head_bytes_.size() > limits.max_header_bytes)
      return refuse_with(header_fields_too_large(limits.max_header_bytes));
    return;
  }
  if (*end > limits.max_header_bytes)
    return refuse_with(header_fields_too_large(limits.max_header_bytes));
  auto head = parse_request_head(std::string_view(head_bytes_).substr(0, *end));
  if (!head)
    return refuse(head.error());
  auto framing = framing_of(*head, limits.max_body_bytes);
  if (!framing)
    return refuse(framing.error());
  auto body = body_reader::for_framing(framing->body, limits.max_body_bytes);
  if (!body)
    return refuse(body.error());
  head_ = std::move(*head);
  framing_ = *framing;
  body_.emplace(std::move(*body));
  std::string rest = head_bytes_.substr(*end);
  head_bytes_.clear();
  head_searched_ = 0;

  if (!body_->complete()) {
    enter(phase::body);
    checked_request_ = to_http_request(*head_, std::string(), peer_);
    if (auto refusal = shared_.handlers->check_head(*checked_request_))
      return refuse_with(std::move(*refusal));
    if (checked_request_->streamed_body)
      body_->stream_to(checked_request_->streamed_body);
    if (framing_.expects_continue && rest.empty())
      send({std::string(continue_response)}, false);
  }
  read_body(rest);
}

void connection::read_body(std::string_view bytes) {
  auto used = body_->consume(bytes);
  if (!used && body_->refused_by_sink()) {
    // The route answers for its sink, as for any request (request id, log,
    // CORS); the rest of the body is not read, so the connection closes.
    framing_.keep_alive = false;
    return finish_request({});
  }
  if (!used)
    return refuse(used.error());
  if (body_->complete())
    finish_request(bytes.substr(*used));
}

void connection::finish_request(std::string_view unused) {
  // A request whose head was checked before its body came is that request,
  // checked already; the others are made now.
  auto request =
      checked_request_ ? std::move(*checked_request_) : to_http_request(*head_, {}, peer_);
  request.body = body_->take_body();
  bool head_only = head_->method == "HEAD";
  bool announce_keep_alive = framing_.keep_alive_announced;
  input_.request_complete(unused);
  if (!framing_.keep_alive)
    input_.close();
  reset_request();
  enter(phase::answering);
  responder respond(
      [self = shared_from_this(), head_only, announce_keep_alive](http_response response) {
        self->shared_.gate->run(
            [&] { self->answer(std::move(response), head_only, announce_keep_alive); });
      });
  shared_.handlers->dispatch(std::move(request), respond);
}

void connection::answer(http_response response, bool head_only, bool announce_keep_alive) {
  auto stream_body = std::move(response.stream_body);
  bool streams = stream_body && !head_only;
  // A streamed body ends with the connection: no request follows it.
  if (streams)
    input_.close();
  bool resumes = input_.answer([&](bool close_after) {
    wire_options options;
    options.head_only = head_only;
    options.date = current_http_date();
    options.connection = close_after           ? connection_option::close
                         : announce_keep_alive ? connection_option::keep_alive
                                               : connection_option::none;
    options.keep_alive_seconds =
        std::chrono::duration_cast<std::chrono::seconds>(shared_.limits.idle_timeout).count();
    // HEAD gets the head GET would get (RFC 9110 section 9.3.2): no length.
    options.until_close = static_cast<bool>(stream_body);
    std::vector<std::string> chunks{wire_head(response, options)};
    if (!head_only)
      chunks.push_back(std::move(response.body));
    enter(streams ? phase::streaming : close_after ? phase::closing : phase::idle);
    send(std::move(chunks), close_after && !streams,
         head_only ? nullptr : std::move(response.file));
  });
  if (streams)
    stream_body(std::make_shared<stream>(weak_from_this()));
  if (resumes)
    serve_input();
}

bool connection::stream_write(std::string bytes) {
  if (stream_over_)
    return false;
  if (outbox_.queued_bytes() > max_stream_backlog) {
    spdlog::info("{} reads its event stream too slowly; the connection is closed", peer_);
    abort();
    return false;
  }
  bool written = false;
  shared_.gate->run([&] {
    std::vector<std::string> chunks;
    chunks.push_back(std::move(bytes));
    auto state = outbox_.send(std::move(chunks), false);
    if (state == outbox::state::blocked)
      shared_.reactor->watch_writable(reactor_id_, fd_, shared_from_this());
    written = state != outbox::state::failed;
  });
  if (!written)
    stream_over_ = true;
  return written;
}

void connection::stream_end() {
  if (stream_over_.exchange(true))
    return;
  shared_.gate->run([&] {
    enter(phase::closing);
    send({}, true);
  });
}

void connection::refuse(const model::problem& failure) {
  refuse_with(error_response(failure));
}

// After a refusal the rest of the input cannot be framed: the connection
// closes once the answer is written.
void connection::refuse_with(http_response response) {
  bool head_only = head_ && head_->method == "HEAD";
  input_.close();
  reset_request();
  enter(phase::closing);
  wire_options options;
  options.head_only = head_only;
  options.date = current_http_date();
  options.connection = connection_option::close;
  std::vector<std::string> chunks{wire_head(response, options)};
  if (!head_only)
    chunks.push_back(std::move(response.body));
  send(std::move(chunks), true);
}

void connection::send(std::vector<std::string> chunks, bool then_close,
                      std::shared_ptr<const file_body> file) {
  if (outbox_.send(std::move(chunks), then_close, std::move(file)) == outbox::state::blocked)
    shared_.reactor->watch_writable(reactor_id_, fd_, shared_from_this());
}

void connection::reset_request() {
  head_bytes_.clear();
  head_searched_ = 0;
  head_.reset();
  body_.reset();
  checked_request_.reset();
  framing_ = message_framing{};
}

} // namespace http_api
