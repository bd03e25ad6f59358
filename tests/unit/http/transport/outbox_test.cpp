#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "http/transport/outbox.hpp"

namespace {

using http_api::outbox;

// Two connected stream sockets; the outbox writes on `ours`.
struct socket_pair {
  socket_pair() {
    int fds[2];
    BOOST_REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
    ours = fds[0];
    theirs = fds[1];
    // As a connection's socket is: sendfile() must not block on it.
    ::fcntl(ours, F_SETFL, ::fcntl(ours, F_GETFL) | O_NONBLOCK);
  }
  ~socket_pair() {
    ::close(ours);
    ::close(theirs);
  }

  // Reads what is there now, without waiting; "" at the end of the stream.
  std::string read_available() {
    std::string got;
    char buffer[65536];
    for (;;) {
      auto n = ::recv(theirs, buffer, sizeof(buffer), MSG_DONTWAIT);
      if (n <= 0)
        return got;
      got.append(buffer, static_cast<std::size_t>(n));
    }
  }

  int ours = -1;
  int theirs = -1;
};

} // namespace

BOOST_AUTO_TEST_SUITE(outbox_tests)

BOOST_AUTO_TEST_CASE(chunks_go_out_in_order_then_the_half_close) {
  socket_pair sockets;
  outbox out(sockets.ours);
  BOOST_TEST((out.send({"head;", "body"}, false) == outbox::state::drained));
  BOOST_TEST((out.send({"", "next"}, true) == outbox::state::drained));
  BOOST_TEST(sockets.read_available() == "head;bodynext");
  char byte;
  BOOST_TEST(::recv(sockets.theirs, &byte, 1, 0) == 0); // the end of the stream
}

BOOST_AUTO_TEST_CASE(what_the_socket_does_not_take_waits_for_resume) {
  socket_pair sockets;
  outbox out(sockets.ours);
  std::string big(8 << 20, 'x');
  BOOST_TEST((out.send({big}, true) == outbox::state::blocked));
  BOOST_TEST(out.stalled_since().has_value());
  std::string received;
  while (received.size() < big.size()) {
    received += sockets.read_available();
    auto state = out.resume();
    BOOST_TEST((state != outbox::state::failed));
  }
  BOOST_TEST(received == big);
  BOOST_TEST(!out.stalled_since().has_value());
}

BOOST_AUTO_TEST_CASE(a_file_body_follows_its_head_without_passing_through_memory) {
  socket_pair sockets;
  char name[] = "/tmp/outbox-test-XXXXXX";
  int file = ::mkstemp(name);
  BOOST_REQUIRE(file >= 0);
  ::unlink(name);
  std::string content(300000, 'f');
  content.replace(0, 5, "START");
  BOOST_REQUIRE(::write(file, content.data(), content.size()) ==
                static_cast<ssize_t>(content.size()));
  outbox out(sockets.ours);
  // From byte 2 on: "ART..." and the rest, as a range request would ask.
  auto body = std::make_shared<const http_api::file_body>(file, 2, content.size() - 2);
  auto state = out.send({"head;"}, true, body);
  std::string received;
  for (;;) {
    received += sockets.read_available();
    if (state != outbox::state::blocked)
      break;
    state = out.resume();
  }
  received += sockets.read_available();
  BOOST_TEST((state == outbox::state::drained));
  BOOST_TEST(received.size() == content.size() + 3);
  BOOST_TEST(received.substr(0, 8) == "head;ART");
}

BOOST_AUTO_TEST_CASE(a_peer_that_is_gone_fails_it) {
  socket_pair sockets;
  outbox out(sockets.ours);
  ::shutdown(sockets.theirs, SHUT_RDWR);
  ::close(sockets.theirs);
  sockets.theirs = ::dup(sockets.ours); // keeps the destructor's close balanced
  ::shutdown(sockets.ours, SHUT_WR);
  BOOST_TEST((out.send({"late"}, false) == outbox::state::failed));
  BOOST_TEST((out.send({"later"}, false) == outbox::state::failed));
}

BOOST_AUTO_TEST_SUITE_END()
