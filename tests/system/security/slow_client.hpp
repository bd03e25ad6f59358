#pragma once

// A TCP client on 127.0.0.1 that sends at its own pace, as slow or stalled
// clients do, and notices when the server answers or closes. Waits are
// bounded by the given spans; none orders events.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace security_test {

class slow_client {
public:
  /// Connects; throws std::runtime_error when it cannot.
  explicit slow_client(std::uint16_t port);
  ~slow_client();
  slow_client(const slow_client&) = delete;
  slow_client& operator=(const slow_client&) = delete;

  /// Sends `bytes`; false when the server has closed the connection or has
  /// not taken the bytes within 5 s.
  bool send(std::string_view bytes);

  /// Waits up to `span` for the server to send something or close; true
  /// when it did.
  bool server_spoke_within(std::chrono::milliseconds span);

  /// What the server sends until it closes, waiting at most `span`;
  /// throws std::runtime_error when it does not close in time.
  std::string read_to_end(std::chrono::milliseconds span);

private:
  int fd_ = -1;
};

} // namespace security_test
