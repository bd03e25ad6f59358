#include <boost/test/unit_test.hpp>

#include "http/routing/cors.hpp"

namespace {

http_api::http_request from(const std::string& origin, const std::string& method = "GET") {
  http_api::http_request request;
  request.method = method;
  request.path = "/v1/images";
  request.headers.push_back({"Origin", origin});
  return request;
}

std::string header(const http_api::http_response& answer, const std::string& name) {
  for (const auto& field : answer.headers)
    if (field.name == name)
      return field.value;
  return "(absent)";
}

} // namespace

BOOST_AUTO_TEST_SUITE(cors_tests)

BOOST_AUTO_TEST_CASE(origins_are_checked_when_configured) {
  for (const char* valid : {"*", "https://dashboard.example", "http://127.0.0.1:8080"})
    BOOST_TEST(http_api::is_valid_cors_origin(valid), valid);
  for (const char* invalid : {"", "dashboard.example", "https://x/", "https://x/path",
                              "https://u@x", "https://x?q", "*.example"})
    BOOST_TEST(!http_api::is_valid_cors_origin(invalid), invalid);
}

BOOST_AUTO_TEST_CASE(only_a_preflight_learns_methods_and_headers) {
  auto filter = http_api::cors_filter("*");
  http_api::http_response simple;
  filter(from("https://a.example"), simple);
  BOOST_TEST(header(simple, "Access-Control-Allow-Origin") == "*");
  BOOST_TEST(header(simple, "Access-Control-Allow-Methods") == "(absent)");
  BOOST_TEST(header(simple, "Vary") == "(absent)");

  auto preflight = from("https://a.example", "OPTIONS");
  preflight.headers.push_back({"Access-Control-Request-Method", "DELETE"});
  http_api::http_response answer;
  answer.with_header("Allow", "GET, HEAD, DELETE, OPTIONS");
  filter(preflight, answer);
  BOOST_TEST(header(answer, "Access-Control-Allow-Methods") == "GET, HEAD, DELETE, OPTIONS");
  BOOST_TEST(header(answer, "Access-Control-Allow-Headers").find("Authorization") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(one_origin_is_echoed_and_varies) {
  auto filter = http_api::cors_filter("https://a.example");
  http_api::http_response allowed;
  filter(from("https://a.example"), allowed);
  BOOST_TEST(header(allowed, "Access-Control-Allow-Origin") == "https://a.example");
  BOOST_TEST(header(allowed, "Vary") == "Origin");
  http_api::http_response other;
  filter(from("https://b.example"), other);
  BOOST_TEST(header(other, "Access-Control-Allow-Origin") == "(absent)");
  BOOST_TEST(header(other, "Vary") == "Origin");
}

BOOST_AUTO_TEST_SUITE_END()
