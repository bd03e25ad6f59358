#include <boost/test/unit_test.hpp>

#include <sys/socket.h>
#include <unistd.h>

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
