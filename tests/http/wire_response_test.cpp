#include <boost/test/unit_test.hpp>

#include <string>

#include "http/wire_response.hpp"

namespace {

http_api::http_response json_ok() {
  http_api::http_response response;
  response.with_header("Content-Type", "application/json");
  response.body = R"({"status":"ok"})";
  return response;
}

} // namespace

BOOST_AUTO_TEST_SUITE(wire_response_tests)

BOOST_AUTO_TEST_CASE(status_line_headers_length_and_body) {
  BOOST_TEST(http_api::wire_response(json_ok(), false, false) ==
             "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n"
             R"({"status":"ok"})");
}

BOOST_AUTO_TEST_CASE(head_keeps_the_length_and_leaves_out_the_body) {
  BOOST_TEST(http_api::wire_response(json_ok(), true, false) ==
             "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n");
}

BOOST_AUTO_TEST_CASE(closing_says_so) {
  auto bytes = http_api::wire_response(json_ok(), false, true);
  BOOST_TEST(bytes.find("Content-Length: 15\r\nConnection: close\r\n\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(no_content_and_not_modified_carry_no_length) {
  http_api::http_response response;
  response.status = 204;
  BOOST_TEST(http_api::wire_response(response, false, false) == "HTTP/1.1 204 No Content\r\n\r\n");
  response.status = 304;
  response.with_header("ETag", "\"abc\"");
  BOOST_TEST(http_api::wire_response(response, false, false) ==
             "HTTP/1.1 304 Not Modified\r\nETag: \"abc\"\r\n\r\n");
}

BOOST_AUTO_TEST_CASE(fields_with_line_breaks_are_left_out) {
  http_api::http_response response;
  response.with_header("X-Ok", "1");
  response.with_header("X-Bad", "a\r\nSet-Cookie: b");
  response.with_header("X-Bad\n", "c");
  BOOST_TEST(http_api::wire_response(response, false, false) ==
             "HTTP/1.1 200 OK\r\nX-Ok: 1\r\nContent-Length: 0\r\n\r\n");
}

BOOST_AUTO_TEST_SUITE_END()
