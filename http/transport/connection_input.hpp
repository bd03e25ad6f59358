#pragma once

// What a connection has received and not yet parsed, and who parses it.
//
// A connection serves one request at a time: the next request is parsed
// only once the answer to the one before has been handed to the transport.
// HTTP/1.1 lets clients send requests before the answers to earlier ones
// (pipelining), and requires the answers in request order (RFC 9112 section
// 9.3.2); serving one at a time keeps that order without holding finished
// answers, and keeps a later request's "100 Continue" and head checks from
// overtaking an earlier answer.
//
// Bytes arrive on the connection's event-loop thread, answers on any
// thread. Whoever finds the connection free takes the turn: it parses what
// is held, dispatches a complete request, and gives the turn up when the
// input runs out or a request is being answered. The answer then passes the
// turn to the thread that hands it over, if input is waiting.
//
//   receive() / answer() --(input waiting, no answer due)--> turn taken
//   turn: next() -> parse -> request_complete() -> next() returns nothing
//
// Pure, no I/O. Thread-safe.

#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace http_api {

class connection_input {
public:
  /// `max_early_bytes` bounds what may arrive while a request is being
  /// answered: pipelined requests are held up to it.
  explicit connection_input(std::size_t max_early_bytes) : max_early_bytes_(max_early_bytes) {}

  enum class arrival {
    parse,     // the caller takes the turn: call next() until it returns nothing
    held,      // kept for whoever has or gets the turn
    ignored,   // the input is closed
    over_limit // more than max_early_bytes came early: the input is closed now
  };

  /// Adds received bytes.
  arrival receive(std::string_view bytes);

  /// For the turn's holder: the next held bytes to parse, at most
  /// `max_bytes`; nothing (and the turn ends) when nothing is held, a
  /// request is being answered or the input is closed.
  std::optional<std::string> next(std::size_t max_bytes);

  /// For the turn's holder: a request is complete and is being answered;
  /// `unused` are the bytes that followed it, parsed after the answer.
  void request_complete(std::string_view unused);

  /// Hands over the answer to the request being answered: runs
  /// `send(close_after)` while no other answer can be sent, with
  /// `close_after` true when the input is closed (the connection should
  /// close once the answer is written). True when the caller takes the turn.
  bool answer(const std::function<void(bool close_after)>& send);

  /// Drops what is held and ignores all later input (after a refusal, or a
  /// request that asked to close the connection).
  void close();

  /// Closes the input, as close(), if nobody holds the turn, no answer is
  /// due and `expired()` (called under the lock, so that nothing starts or
  /// completes a request meanwhile) is true. For timeouts: true when it
  /// closed the input, and then only the caller answers on the connection.
  bool close_if_quiet(const std::function<bool()>& expired);

  /// True once the input is closed.
  bool closed();

private:
  bool take_turn();

  const std::size_t max_early_bytes_;
  std::mutex mutex_;
  std::string held_;
  bool turn_taken_ = false;
  bool answering_ = false;
  bool closed_ = false;
};

} // namespace http_api
