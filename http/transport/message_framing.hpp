#pragma once

// What a request's head says about the message around it (RFC 9112 sections
// 6, 9.3 and RFC 9110 section 10.1.1): how its body is delimited, whether
// the connection persists after the answer, and whether the client waits
// for "100 Continue". Ambiguous framing is refused, since a proxy in front
// could read it differently. Pure: no I/O.

#include <cstddef>
#include <cstdint>

#include "actors/model/problem.hpp"
#include "http/transport/request_head.hpp"

namespace http_api {

struct body_framing {
  enum class kind { none, length, chunked };
  kind delimited_by = kind::none;
  std::uint64_t length = 0; // for kind::length
};

struct message_framing {
  body_framing body;
  // The connection persists after the answer (RFC 9112 section 9.3).
  bool keep_alive = true;
  // An HTTP/1.0 client asked to keep the connection: the answer must say
  // "Connection: keep-alive", or the client waits for a close.
  bool keep_alive_announced = false;
  // An HTTP/1.1 client sent "Expect: 100-continue" (ignored from HTTP/1.0
  // clients, RFC 9110 section 10.1.1).
  bool expects_continue = false;
};

/// The framing of `head`. Errors: invalid_request for Content-Length values
/// that are malformed or disagree, Content-Length together with
/// Transfer-Encoding, Transfer-Encoding in HTTP/1.0, or codings whose last
/// is not chunked; not_implemented for a transfer coding other than
/// chunked; expectation_failed for an Expect other than 100-continue;
/// payload_too_large for a Content-Length over `max_body_bytes`.
model::outcome<message_framing> framing_of(const request_head& head, std::size_t max_body_bytes);

} // namespace http_api
