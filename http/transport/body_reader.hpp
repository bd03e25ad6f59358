#pragma once

// Reads a request body as it arrives, framed by Content-Length or by chunked
// transfer coding (RFC 9112 sections 6 and 7.1), and refuses it the moment
// it is known to exceed the size limit: a declared Content-Length is checked
// before any byte is read or any memory reserved, a chunk size as soon as its
// line is complete. Pure: no I/O, bounded memory besides the body itself,
// which it keeps or hands piece by piece to a model::byte_sink.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "actors/model/byte_sink.hpp"
#include "actors/model/problem.hpp"
#include "http/transport/message_framing.hpp"

namespace http_api {

/// Longest accepted chunk-size line (with extensions) or trailer line.
constexpr std::size_t max_chunk_line_bytes = 1024;
/// Longest accepted trailer section of a chunked body.
constexpr std::size_t max_trailer_bytes = 8192;

class body_reader {
public:
  /// A reader for a body delimited as `framing` says (framing_of() checked
  /// its headers). Errors: payload_too_large for a length over
  /// `max_body_bytes`.
  static model::outcome<body_reader> for_framing(const body_framing& framing,
                                                 std::size_t max_body_bytes);

  /// Consumes the next bytes of the message. Returns how many were used:
  /// all of them, fewer only once the body is complete (the rest belongs to
  /// whatever follows). Errors: invalid_request (malformed chunk framing),
  /// payload_too_large (the body grows over the limit). After an error the
  /// reader must not be used.
  model::outcome<std::size_t> consume(std::string_view input);

  bool complete() const noexcept {
    return state_ == state::complete;
  }

  /// From now on body bytes go to `sink` as they arrive instead of being
  /// kept; a problem it returns is the error of consume().
  void stream_to(std::shared_ptr<model::byte_sink> sink) noexcept {
    sink_ = std::move(sink);
  }

  /// Whether consume() failed because the sink refused the body (the sink
  /// knows why), rather than because of the body's framing or size.
  bool refused_by_sink() const noexcept {
    return refused_by_sink_;
  }

  /// Body bytes received so far.
  std::size_t received() const noexcept {
    return received_;
  }

  /// Moves the body kept out; the reader is spent afterwards.
  std::string take_body() noexcept {
    return std::move(body_);
  }

private:
  enum class state { fixed, chunk_size, chunk_data, chunk_data_end, trailer, complete };

  body_reader(state initial, std::uint64_t remaining, std::size_t max_body_bytes)
      : state_(initial), remaining_(remaining), max_body_bytes_(max_body_bytes) {}

  model::status finish_chunk_size_line();
  model::status finish_trailer_line();

  state state_;
  std::uint64_t remaining_; // bytes left in the body (fixed) or the chunk
  std::size_t max_body_bytes_;
  std::string body_;
  std::size_t received_ = 0;
  std::shared_ptr<model::byte_sink> sink_;
  bool refused_by_sink_ = false;
  std::string line_; // the line being collected (chunk size, CRLF, trailer)
  std::size_t trailer_bytes_ = 0;
};

} // namespace http_api
