#pragma once

// Clients for tests of HTTP servers on 127.0.0.1: a libcurl one for
// ordinary requests and a raw TCP connection for exact bytes on the wire.
// Every wait is bounded by a timeout that only guards against a hung test;
// none is used to order events.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace test_support {

struct http_reply {
  long status = 0;
  std::vector<long> interim_statuses;                       // 1xx responses before the final one
  std::vector<std::pair<std::string, std::string>> headers; // of the final response
  std::string body;

  /// The first header called `name` (case-insensitive); "" when absent.
  std::string header(std::string_view name) const;
  bool has_header(std::string_view name) const;
  /// The body parsed as JSON; throws when it is not.
  nlohmann::json json() const;
};

struct request_options {
  std::vector<std::string> headers; // "Name: value"; "Name:" removes a default
  bool chunked = false;             // send the body with Transfer-Encoding: chunked
  // How long curl waits for "100 Continue" before sending the body anyway.
  std::chrono::milliseconds expect_continue_timeout{1000};
};

/// Not thread-safe; one per thread.
class http_client {
public:
  explicit http_client(std::uint16_t port);

  http_reply get(const std::string& path, const std::vector<std::string>& headers = {}) const;
  http_reply post(const std::string& path, const std::string& body, const std::string& content_type,
                  request_options options = {}) const;
  http_reply del(const std::string& path) const;

  /// POST of a multipart/form-data form built by curl with one file field.
  http_reply post_file_field(const std::string& path, const std::string& field,
                             const std::string& bytes) const;

  /// Any method; `body` is sent when not empty.
  http_reply send(const std::string& method, const std::string& path, const std::string& body,
                  const request_options& options) const;

private:
  std::string base_url_;
};

/// A blocking TCP socket connected to 127.0.0.1:`port`, whose sends and
/// receives give up after `timeout`. Throws std::runtime_error when it
/// cannot connect.
int connect_to_loopback(std::uint16_t port, std::chrono::milliseconds timeout);

/// A blocking TCP connection to 127.0.0.1:`port`.
class raw_connection {
public:
  explicit raw_connection(std::uint16_t port,
                          std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~raw_connection();

  raw_connection(const raw_connection&) = delete;
  raw_connection& operator=(const raw_connection&) = delete;

  void send(std::string_view bytes);

  /// Reads until `terminator` has arrived; returns everything up to and
  /// including it (later bytes stay for the next read). Throws
  /// std::runtime_error on timeout or when the peer closes first.
  std::string read_until(std::string_view terminator);

  /// Reads one response: status line, headers and a Content-Length body.
  std::string read_response();

  /// Reads until the peer closes the connection; returns what came.
  std::string read_to_end();

  /// Closes the connection now.
  void close();

  /// Half-closes: the peer reads the end of what was sent; reading goes on.
  void finish_sending();

private:
  std::size_t receive_more(); // 0 when the peer closed

  int fd_ = -1;
  std::string pending_;
};

/// The status code of a raw response ("HTTP/1.1 413 ..." -> 413).
int status_of(std::string_view raw_response);

} // namespace test_support
