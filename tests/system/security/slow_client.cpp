#include "tests/system/security/slow_client.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

#include "tests/support/http_client.hpp"

namespace security_test {

// A server that stopped reading must not block a test forever; reads wait
// only after poll() saw something arrive.
slow_client::slow_client(std::uint16_t port)
    : fd_(test_support::connect_to_loopback(port, std::chrono::seconds(5))) {}

slow_client::~slow_client() {
  ::close(fd_);
}

bool slow_client::send(std::string_view bytes) {
  while (!bytes.empty()) {
    auto sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR)
      continue;
    if (sent <= 0)
      return false;
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

bool slow_client::server_spoke_within(std::chrono::milliseconds span) {
  pollfd watched{fd_, POLLIN, 0};
  return ::poll(&watched, 1, static_cast<int>(span.count())) > 0;
}

std::string slow_client::read_to_end(std::chrono::milliseconds span) {
  auto until = std::chrono::steady_clock::now() + span;
  std::string received;
  char buffer[4096];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !server_spoke_within(left))
      throw std::runtime_error("the server did not close the connection in time");
    auto got = ::recv(fd_, buffer, sizeof buffer, 0);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0) // closed (a reset counts as closed)
      return received;
    received.append(buffer, static_cast<std::size_t>(got));
  }
}

} // namespace security_test
