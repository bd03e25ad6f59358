#pragma once

// Per-connection parsing state: Pistache's request parser with its body step
// replaced by ours. Pistache's own body step reserves whatever Content-Length
// a client declares and keeps every byte twice (its input buffer and the
// body); ours refuses an oversized body from its headers alone and, once the
// headers are in, lets the handler feed body bytes straight into the
// body_reader, so a body is held once.
//
// Includes Pistache: only for the Pistache glue (request_handler.cpp).

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>

#include <pistache/http.h>

#include "actors/model/problem.hpp"
#include "http/body_reader.hpp"

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

/// Not thread-safe: used only on the connection's event-loop thread.
class request_parser : public Pistache::Http::RequestParser {
  using base = Pistache::Http::RequestParser;

public:
  /// `max_buffered_bytes` bounds the request line and headers (plus the
  /// start of the body read with them).
  request_parser(std::size_t max_buffered_bytes, std::size_t max_body_bytes);

  /// Clears the request; a refusal stays in force.
  void reset() override;

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

  /// After a refusal, the rest of the connection's input is ignored.
  void refuse_input() noexcept {
    refusing_ = true;
  }
  bool refusing_input() const noexcept {
    return refusing_;
  }

private:
  std::size_t max_body_bytes_;
  std::optional<body_reader> reader_;
  bool between_requests_ = true;
  bool head_checked_ = false;
  bool continue_sent_ = false;
  bool refusing_ = false;
};

} // namespace http_api
