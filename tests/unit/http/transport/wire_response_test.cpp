#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include "http/transport/http_date.hpp"
#include "http/transport/wire_response.hpp"

namespace {

http_api::http_response json_ok() {
  http_api::http_response response;
  response.with_header("Content-Type", "application/json");
  response.body = R"({"status":"ok"})";
  return response;
}

// The head and the body as they go on the wire, without a Date field.
std::string wire_response(const http_api::http_response& response, bool head_only,
                          bool close_connection) {
  http_api::wire_options options;
  options.head_only = head_only;
  options.connection =
      close_connection ? http_api::connection_option::close : http_api::connection_option::none;
  return http_api::wire_head(response, options) + (head_only ? "" : response.body);
}

} // namespace

BOOST_AUTO_TEST_SUITE(wire_response_tests)

BOOST_AUTO_TEST_CASE(status_line_headers_length_and_body) {
  BOOST_TEST(wire_response(json_ok(), false, false) ==
             "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n"
             R"({"status":"ok"})");
}

BOOST_AUTO_TEST_CASE(head_keeps_the_length_and_leaves_out_the_body) {
  BOOST_TEST(wire_response(json_ok(), true, false) ==
             "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n");
}

BOOST_AUTO_TEST_CASE(closing_says_so) {
  auto bytes = wire_response(json_ok(), false, true);
  BOOST_TEST(bytes.find("Content-Length: 15\r\nConnection: close\r\n\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(no_content_and_not_modified_carry_no_length) {
  http_api::http_response response;
  response.status = 204;
  BOOST_TEST(wire_response(response, false, false) == "HTTP/1.1 204 No Content\r\n\r\n");
  response.status = 304;
  response.with_header("ETag", "\"abc\"");
  BOOST_TEST(wire_response(response, false, false) ==
             "HTTP/1.1 304 Not Modified\r\nETag: \"abc\"\r\n\r\n");
}

BOOST_AUTO_TEST_CASE(fields_with_line_breaks_are_left_out) {
  http_api::http_response response;
  response.with_header("X-Ok", "1");
  response.with_header("X-Bad", "a\r\nSet-Cookie: b");
  response.with_header("X-Bad\n", "c");
  BOOST_TEST(wire_response(response, false, false) ==
             "HTTP/1.1 200 OK\r\nX-Ok: 1\r\nContent-Length: 0\r\n\r\n");
}

BOOST_AUTO_TEST_CASE(an_http_1_0_keep_alive_is_announced) {
  http_api::wire_options options;
  options.connection = http_api::connection_option::keep_alive;
  BOOST_TEST(http_api::wire_head(json_ok(), options).find("\r\nConnection: keep-alive\r\n") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_idle_timeout_is_announced_while_the_connection_persists) {
  http_api::wire_options options;
  options.keep_alive_seconds = 120;
  BOOST_TEST(http_api::wire_head(json_ok(), options).find("\r\nKeep-Alive: timeout=120\r\n") !=
             std::string::npos);
  options.connection = http_api::connection_option::close;
  BOOST_TEST(http_api::wire_head(json_ok(), options).find("Keep-Alive") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_date_comes_first_when_given) {
  http_api::wire_options options;
  options.date = "Sun, 06 Nov 1994 08:49:37 GMT";
  BOOST_TEST(http_api::wire_head(json_ok(), options)
                 .rfind("HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(dates_are_imf_fixdate) {
  using namespace std::chrono;
  BOOST_TEST(http_api::imf_fixdate(system_clock::time_point(seconds(784111777))) ==
             "Sun, 06 Nov 1994 08:49:37 GMT");
  BOOST_TEST(http_api::imf_fixdate(system_clock::time_point(seconds(0))) ==
             "Thu, 01 Jan 1970 00:00:00 GMT");
}

BOOST_AUTO_TEST_SUITE_END()
