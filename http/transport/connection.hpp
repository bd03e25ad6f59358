#pragma once

// One client connection: reads its requests, hands each to the request
// handlers, writes the answers in request order and closes it when HTTP
// says so or a timeout passes.
//
// The connection writes, half-closes and shuts down its socket through its
// own duplicate of the descriptor, taken when it opens and closed when it
// goes away. Pistache addresses a socket by its descriptor number and
// closes that number when it drops the peer; a number is reused by the next
// connection at once, so anything done by number from another thread (an
// answer computed by the service, a half-close after it) could reach a
// later client. The duplicate cannot be reused while the connection lives.
//
//   idle --first byte--> head --headers--> body --complete--> answering
//     ^                    |                 |                   |
//     |                    +--refused/timeout+--> closing <------+ (close)
//     +----------------------answer written (keep-alive)---------+
//   closing: half-closed after the last answer; shut down if the client
//   does not close within the linger time.
//   streaming: an answer whose body is written as it comes (body_stream);
//   the connection closes when it ends.
//
// Thread-safe: bytes arrive on Pistache's event loop, answers on any
// thread, ticks and writable sockets on the connection_reactor's thread.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/defaults.hpp"
#include "http/http_message.hpp"
#include "http/transport/body_reader.hpp"
#include "http/transport/connection_input.hpp"
#include "http/transport/connection_reactor.hpp"
#include "http/transport/connection_slots.hpp"
#include "http/transport/message_framing.hpp"
#include "http/transport/outbox.hpp"
#include "http/transport/request_handlers.hpp"
#include "http/transport/request_head.hpp"
#include "http/transport/server_gate.hpp"

namespace http_api {

struct connection_limits {
  std::size_t max_header_bytes = defaults::http_max_header; // request line and header fields
  std::size_t max_body_bytes = defaults::http_max_body;
  // From a request's first byte to its last header.
  std::chrono::milliseconds header_timeout{defaults::http_header_timeout};
  // From a request's first byte to its last body byte; also how long an
  // answer may wait for a client that reads nothing.
  std::chrono::milliseconds body_timeout{defaults::http_body_timeout};
  // No request in progress: closed after this.
  std::chrono::milliseconds idle_timeout{defaults::http_idle_timeout};
  // After the last answer, how long the client has to close: as long as it
  // has to send a head.
  std::chrono::milliseconds linger{defaults::http_header_timeout};
};

class connection final : public watched_connection,
                         public std::enable_shared_from_this<connection> {
public:
  /// What all connections of a server share.
  struct context {
    std::shared_ptr<const request_handlers> handlers;
    connection_limits limits;
    std::shared_ptr<connection_reactor> reactor;
    std::shared_ptr<server_gate> gate;
    std::shared_ptr<connection_slots> slots;
  };

  /// A connection on socket `fd` (not taken over: the connection works on a
  /// duplicate) from `peer` ("127.0.0.1"). Takes a connection slot; over
  /// the limit, the connection is answered 503 overloaded and closed.
  /// Throws std::system_error when the descriptor cannot be duplicated.
  static std::shared_ptr<connection> open(int fd, std::string peer, const context& shared);

  /// Stops watching the socket, releases the slot and closes the duplicate.
  ~connection() override;

  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  /// Bytes received from the client.
  void receive(std::string_view bytes);

  /// The client closed its side (or the connection broke): nothing more
  /// arrives. An answer in progress is still written.
  void peer_closed();

  /// Shuts the socket down now: the transport's event loop sees it closed.
  void abort();

  void on_writable() override;
  void on_tick(std::chrono::steady_clock::time_point now) override;

private:
  enum class phase { idle, head, body, answering, streaming, closing };
  class stream;

  connection(int duplicate, std::string peer, const context& shared);

  void serve_input();
  void parse(std::string_view bytes);
  void read_head(std::string_view bytes);
  void read_body(std::string_view bytes);
  void finish_request(std::string_view unused);
  void answer(http_response response, bool head_only, bool announce_keep_alive);
  void refuse(const model::problem& failure);
  void refuse_with(http_response response);
  void send(std::vector<std::string> chunks, bool then_close,
            std::shared_ptr<const file_body> file = nullptr);
  // A streamed body's pieces (class stream).
  bool stream_write(std::string bytes);
  void stream_end();
  void enter(phase next);
  bool expired(std::chrono::steady_clock::time_point now);
  void reset_request();

  const int fd_; // our duplicate
  const std::string peer_;
  const context shared_;
  std::uint64_t reactor_id_ = 0;
  bool holds_slot_ = false;
  connection_input input_;
  outbox outbox_;

  // The request being read: only the holder of the input's turn uses these.
  std::string head_bytes_;
  std::size_t head_searched_ = 0;
  std::optional<request_head> head_;
  message_framing framing_;
  std::optional<body_reader> body_;
  std::optional<http_request> checked_request_; // its head passed check_head

  std::atomic<bool> stream_over_{false};

  std::mutex clock_mutex_;
  phase phase_ = phase::idle;
  std::chrono::steady_clock::time_point phase_since_;
};

} // namespace http_api
