// Slow and abusive clients against a real node: a client trickling its
// headers (slowloris) or stalling in its body is cut off at the timeout, and
// connections over http.max-connections are answered 503 and closed.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/byte_store_files.hpp"
#include "tests/support/deadline.hpp"
#include "tests/system/integration/standalone_node.hpp"
#include "tests/system/security/slow_client.hpp"

namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using test_support::status_of;

// Slower than a byte per header timeout would be fair; this client sends
// one every 200 ms, forever if it could.
constexpr milliseconds trickle_interval{200};
// How long after its timeout the node may take to cut a client off.
constexpr seconds cut_off_slack{3};

seconds since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<seconds>(std::chrono::steady_clock::now() - start);
}

// Sends `bytes` one at a time, each after `trickle_interval`, until the
// server speaks or closes; returns how many were sent.
std::size_t trickle(security_test::slow_client& client, const std::string& bytes) {
  std::size_t sent = 0;
  for (char byte : bytes) {
    if (client.server_spoke_within(trickle_interval) || !client.send(std::string(1, byte)))
      break;
    ++sent;
  }
  return sent;
}

} // namespace

BOOST_AUTO_TEST_SUITE(slow_clients)

BOOST_AUTO_TEST_CASE(headers_sent_byte_by_byte_are_cut_off_at_the_header_timeout) {
  integration::standalone_node node({"--http.header-timeout=1s"});
  security_test::slow_client slowloris(node.process.http_port());
  auto started = std::chrono::steady_clock::now();
  // 500 bytes at this pace would take 100 s.
  std::string headers = "GET /health HTTP/1.1\r\nHost: t\r\nX-Padding: " + std::string(500, 'p');
  auto sent = trickle(slowloris, headers);
  auto answer = slowloris.read_to_end(seconds(10));
  auto took = since(started);
  BOOST_TEST_MESSAGE("slowloris: cut off after " << took.count() << " s and " << sent << " bytes");
  BOOST_TEST(sent < headers.size());
  BOOST_TEST(took.count() <= (seconds(1) + cut_off_slack).count());
  BOOST_TEST(status_of(answer) == 408, answer);
  BOOST_TEST(node.client.get("/health").status == 200);
}

BOOST_AUTO_TEST_CASE(a_client_stopping_mid_body_is_cut_off_at_the_body_timeout) {
  integration::standalone_node node({"--http.header-timeout=1s", "--http.body-timeout=2s"});
  security_test::slow_client stalled(node.process.http_port());
  auto started = std::chrono::steady_clock::now();
  BOOST_TEST_REQUIRE(stalled.send("POST /v1/images HTTP/1.1\r\nHost: t\r\n"
                                  "Content-Type: image/png\r\nContent-Length: 1000\r\n\r\n" +
                                  std::string("\x89PNG\r\n\x1a\n") + std::string(492, 'b')));
  auto answer = stalled.read_to_end(seconds(15));
  auto took = since(started);
  BOOST_TEST_MESSAGE("stalled body: cut off after " << took.count() << " s");
  BOOST_TEST(took.count() <= (seconds(2) + cut_off_slack).count());
  BOOST_TEST(status_of(answer) == 408, answer);
  BOOST_TEST(node.client.get("/v1/images").json()["images"].empty());
  auto bytes = node.process.storage_dir() / "bytes";
  BOOST_TEST(test_support::poll_until([&] { return test_support::temporaries(bytes) == 0; },
                                      test_support::deadline::in(integration::start_limit)),
             "the half-received upload left a file");
}

BOOST_AUTO_TEST_CASE(connections_over_the_limit_are_answered_503_and_closed) {
  integration::standalone_node node({"--http.max-connections=4"});
  std::vector<std::unique_ptr<test_support::raw_connection>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<test_support::raw_connection>(node.process.http_port()));
    held.back()->send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
    BOOST_TEST_REQUIRE(status_of(held.back()->read_response()) == 200);
  }
  for (int i = 0; i < 3; ++i) {
    test_support::raw_connection refused(node.process.http_port());
    refused.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
    auto response = refused.read_response();
    BOOST_TEST(status_of(response) == 503, response);
    BOOST_TEST(response.find("\"code\":\"overloaded\"") != std::string::npos);
    BOOST_TEST(response.find("Retry-After: 1\r\n") != std::string::npos);
    BOOST_TEST(refused.read_to_end().empty());
  }
  held.pop_back();
  bool served = test_support::poll_until([&] { return node.client.get("/health").status == 200; },
                                         test_support::deadline::in(seconds(10)));
  BOOST_TEST(served);
  BOOST_TEST(node.process.log().find("refusing new connections") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
