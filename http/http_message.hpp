#pragma once

// A request and a response as the routes see them: already framed, complete
// and independent of the HTTP library, so that routes and the router can be
// tested without a socket.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace model {
class byte_sink;
}

namespace http_api {

struct header_field {
  std::string name;
  std::string value;
};

struct http_request {
  std::string method; // upper case: "GET", "POST", ...
  std::string path;   // without the query string, as sent
  // Query parameters as sent (still percent-encoded); see query.hpp.
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<header_field> headers;
  std::string body; // empty when the body went to `streamed_body`
  // Where the body went as it arrived, when the matched route opened a sink
  // for it (router::add()).
  std::shared_ptr<model::byte_sink> streamed_body;
  // Values of the {placeholders} of the matched route, in pattern order.
  std::vector<std::string> path_params;
  // The pattern of the matched route as it was added ("/v1/images/{id}");
  // empty when no route matched. Set by the router before any middleware.
  std::string route;
  // The client's address ("127.0.0.1"), for logs; may be empty.
  std::string peer;
  // The name of the API key the request was made with, set by the access
  // middleware; empty when API keys are off.
  std::string key_name;
  // That key's scope, "device" or "admin"; empty when API keys are off.
  std::string key_scope;
  // Set by the access middleware when API keys are on.
  bool keys_required = false;
  // Set once the router's head checks passed for this request (before its
  // body was read): they are not run again.
  bool head_checked = false;

  /// The value of header `name` (case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const noexcept;
};

/// A body sent from a part of an open file (with sendfile, no copy through
/// memory). Closes the descriptor when the last copy goes.
class file_body {
public:
  /// Takes over `fd`.
  file_body(int fd, std::uint64_t offset, std::uint64_t length) noexcept
      : fd_(fd), offset_(offset), length_(length) {}
  ~file_body();
  file_body(const file_body&) = delete;
  file_body& operator=(const file_body&) = delete;

  int fd() const noexcept {
    return fd_;
  }
  std::uint64_t offset() const noexcept {
    return offset_;
  }
  std::uint64_t length() const noexcept {
    return length_;
  }

  /// The file at `path`, `length` bytes from `offset`; nullptr when it
  /// cannot be opened.
  static std::shared_ptr<const file_body> open(const std::string& path, std::uint64_t offset,
                                               std::uint64_t length);

private:
  int fd_;
  std::uint64_t offset_;
  std::uint64_t length_;
};

/// A body written as it comes (Server-Sent Events). The transport writes
/// each piece at once, without waiting for the client (a client that reads
/// too little is dropped), and closes the connection after the last one.
/// Thread-safe.
class body_stream {
public:
  virtual ~body_stream() = default;

  /// Writes `bytes` after what was written. False once the client is gone
  /// or the body ended: nothing more is written.
  virtual bool write(std::string bytes) = 0;

  /// False once the client is gone or the body ended.
  virtual bool open() const = 0;

  /// Ends the body: the connection closes once it is written.
  virtual void end() = 0;
};

struct http_response {
  int status = 200;
  std::vector<header_field> headers; // Content-Length is added by the transport
  std::string body;
  // When set, the body is this part of a file and `body` is empty.
  std::shared_ptr<const file_body> file;
  // When set, the body is written over time: the transport sends the head
  // (without Content-Length: the body ends with the connection) and `body`
  // first, then hands the stream to this function. Not called for HEAD.
  std::function<void(std::shared_ptr<body_stream>)> stream_body;

  /// Adds a header; names are sent as given.
  http_response& with_header(std::string name, std::string value);

  /// The size of the body, from `body` or `file`.
  std::uint64_t body_size() const noexcept;
};

/// Sends the one response of a request. Copies share one state: only the
/// first call sends, later calls are ignored, so a handler can never answer
/// twice. Thread-safe: replies may come from any thread.
class responder {
public:
  using send_fn = std::function<void(http_response)>;

  explicit responder(send_fn send);

  void operator()(http_response response) const;

  /// True once a response was handed to the transport.
  bool answered() const noexcept;

private:
  struct state {
    explicit state(send_fn fn) : send(std::move(fn)) {}
    std::atomic<bool> answered{false};
    send_fn send;
  };
  std::shared_ptr<state> state_;
};

} // namespace http_api
