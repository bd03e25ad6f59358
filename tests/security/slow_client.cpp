#include "tests/security/slow_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace security_test {

slow_client::slow_client(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0)
    throw std::runtime_error("cannot create a socket");
  // A server that stopped reading must not block a test forever.
  timeval send_limit{5, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &send_limit, sizeof send_limit);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd_);
    throw std::runtime_error("cannot connect to port " + std::to_string(port));
  }
}

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
