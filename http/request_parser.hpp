#pragma once

// Per-connection state: the input not yet parsed (connection_input.hpp) and
// Pistache's request parser with its body step replaced by ours. Pistache's
// own body step reserves whatever Content-Length a client declares and keeps
// every byte twice (its input buffer and the body); ours refuses an
// oversized body from its headers alone and, once the headers are in, lets
// the handler feed body bytes straight into the body_reader, so a body is
// held once. Ours also keeps the bytes that follow a complete request: the
// start of the next one.
//
// Includes Pistache: only for the Pistache glue (request_handler.cpp).

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <pistache/http.h>

#include "actors/model/problem.hpp"
#include "http/body_reader.hpp"
#include "http/connection_input.hpp"

namespace http_api {

/// A request refused while it arrives; answered with `failure` and the
/// connection closed.
class request_refused : public std::runtime_error {
public:
  explicit request_refused(model::problem failure)
      : std::runtime_error(failure.message), failure_(std::move(failure)) {}

  const model::problem& failure() const noexcept {
    return failure_;
  }

private:
  model::problem failure_;
};

/// The parser is not thread-safe: only the holder of the connection's turn
/// (connection_input.hpp) uses it. input() is thread-safe.
class request_parser : public Pistache::Http::RequestParser {
  using base = Pistache::Http::RequestParser;

public:
  /// `max_buffered_bytes` bounds the request line and headers (plus the
  /// start of the body read with them), and what the input holds of later
  /// requests while one is being answered.
  request_parser(std::size_t max_buffered_bytes, std::size_t max_body_bytes);

  /// Clears the request.
  void reset() override;

  connection_input& input() noexcept {
    return input_;
  }

  /// Starts a new request: restarts the clock Pistache's header and body
  /// timeouts measure from. Called when its first byte arrives.
  void begin_request();

  /// True between requests (nothing of the next one has arrived).
  bool between_requests() const noexcept {
    return between_requests_;
  }

  /// The body being read, once the headers are complete; nullptr before.
  body_reader* body() noexcept {
    return reader_ ? &*reader_ : nullptr;
  }

  /// Creates the body reader from the headers of the current request.
  /// Throws request_refused when the framing is invalid or too large.
  body_reader& start_body();

  /// True once per request, when its headers are complete and its body is
  /// not: the moment to decide from the head whether to read the body.
  bool take_head_check_due();

  /// True once per request, when the client asked for "100-continue" and is
  /// waiting for it: the headers are complete and no body byte has come.
  bool take_continue_due();

  /// Called by the body step when a request is complete: `bytes` followed
  /// it in the parser's buffer.
  void keep_unparsed(std::string_view bytes) {
    unparsed_.assign(bytes);
  }

  /// The bytes that followed the complete request in the parser's buffer.
  std::string take_unparsed() noexcept {
    return std::move(unparsed_);
  }

private:
  connection_input input_;
  std::size_t max_body_bytes_;
  std::optional<body_reader> reader_;
  std::string unparsed_;
  bool between_requests_ = true;
  bool head_checked_ = false;
  bool continue_sent_ = false;
};

} // namespace http_api
