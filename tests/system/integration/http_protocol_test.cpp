// HTTP/1.1 as the real node speaks it, at the level of raw bytes: what
// clients and proxies rely on beyond single requests.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include "tests/system/integration/samples.hpp"
#include "tests/system/integration/standalone_node.hpp"

namespace integration {

BOOST_FIXTURE_TEST_SUITE(http_protocol, standalone_node)

// A client may send its next request before the answer to the previous one
// (RFC 9112 section 9.3.2): both are answered, in order.
BOOST_AUTO_TEST_CASE(pipelined_requests_are_all_answered_in_order) {
  test_support::raw_connection connection(process.http_port(), std::chrono::seconds(5));
  connection.send("GET /health HTTP/1.1\r\nHost: test\r\n\r\n"
                  "GET /v1/profiles HTTP/1.1\r\nHost: test\r\n\r\n");
  auto first = connection.read_response();
  BOOST_TEST(test_support::status_of(first) == 200);
  BOOST_TEST(first.find("\"status\":\"ok\"") != std::string::npos);
  std::string second;
  BOOST_REQUIRE_NO_THROW(second = connection.read_response());
  BOOST_TEST(test_support::status_of(second) == 200);
  BOOST_TEST(second.find("\"profiles\"") != std::string::npos);
}

// RFC 9110 section 9.1: HEAD wherever GET is, with the length of the body
// GET would send and no body.
BOOST_AUTO_TEST_CASE(head_is_answered_like_get_without_a_body) {
  std::string id = upload(small_jpeg())["id"];
  auto original = client.get(image_path(id, "/original"));
  BOOST_TEST_REQUIRE(original.status == 200);
  test_support::raw_connection connection(process.http_port(), std::chrono::seconds(5));
  connection.send("HEAD " + image_path(id, "/original") + " HTTP/1.1\r\nHost: test\r\n\r\n");
  auto head = connection.read_until("\r\n\r\n");
  BOOST_TEST(test_support::status_of(head) == 200, head);
  BOOST_TEST(head.find("Content-Length: " + std::to_string(original.body.size()) + "\r\n") !=
                 std::string::npos,
             head);
  connection.send("GET /health HTTP/1.1\r\nHost: test\r\n\r\n");
  BOOST_TEST(connection.read_response().find("\"status\":\"ok\"") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace integration
