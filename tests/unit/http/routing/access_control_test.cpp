#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/model/digest.hpp"
#include "http/routing/access_control.hpp"
#include "tests/unit/http/dispatch.hpp"

namespace {

using http_api::access_level;
using http_api::http_request;
using http_api::http_response;
using http_api::responder;
using http_test::error_code_of;
using http_test::header_of;

// A router with one route of each access level, each answering 200 with the
// key name it was called with, behind the API key middleware.
http_api::router protected_routes(std::vector<std::string> key_entries) {
  auto config = http_api::read_key_config(key_entries, "");
  if (!config.problems.empty())
    throw std::logic_error(config.problems.front());
  http_api::router routes;
  routes.check(http_api::require_api_keys(std::make_shared<http_api::key_ring>(config.keys)));
  auto echo_key = [](http_request& request, const responder& respond) {
    http_response response;
    response.body = request.key_name;
    respond(std::move(response));
  };
  routes.add("GET", "/health", echo_key);
  routes.add("POST", "/v1/images", echo_key);
  routes.add("DELETE", "/v1/images/{id}", echo_key);
  routes.add("GET", "/v1/cluster", echo_key);
  return routes;
}

const std::vector<std::string> two_keys{
    "camera device " + model::sha256_hex("device-key"),
    "ops admin " + model::sha256_hex("admin-key"),
};

http_response send(const http_api::router& routes, std::string method, std::string path,
                   const std::string& authorization = "") {
  auto request = http_test::request_for(std::move(method), std::move(path));
  if (!authorization.empty())
    request.headers.push_back({"authorization", authorization});
  return http_test::dispatch(routes, std::move(request));
}

// Requires a 401 with the challenge; returns the error message.
std::string expect_unauthorized(const http_response& response, bool invalid_token) {
  BOOST_TEST(response.status == 401);
  BOOST_TEST(error_code_of(response) == "unauthorized");
  std::string challenge = "Bearer realm=\"caf-node\"";
  if (invalid_token)
    challenge += ", error=\"invalid_token\"";
  BOOST_TEST(header_of(response, "WWW-Authenticate") == challenge);
  return nlohmann::json::parse(response.body)["error"]["message"];
}

} // namespace

BOOST_AUTO_TEST_SUITE(access_control)

BOOST_AUTO_TEST_CASE(the_access_table) {
  BOOST_TEST((http_api::required_access("GET", "/health") == access_level::open));
  BOOST_TEST((http_api::required_access("GET", "/ready") == access_level::open));
  BOOST_TEST((http_api::required_access("GET", "/metrics") == access_level::open));
  BOOST_TEST((http_api::required_access("POST", "/health") == access_level::device));
  BOOST_TEST((http_api::required_access("DELETE", "/v1/images/{id}") == access_level::admin));
  BOOST_TEST((http_api::required_access("GET", "/v1/cluster") == access_level::admin));
  BOOST_TEST((http_api::required_access("GET", "/v1/images/{id}") == access_level::device));
  BOOST_TEST((http_api::required_access("POST", "/v1/images") == access_level::device));
  BOOST_TEST((http_api::required_access("GET", "") == access_level::device));
  BOOST_TEST((http_api::required_access("HEAD", "/health") == access_level::open));
  BOOST_TEST((http_api::required_access("HEAD", "/v1/cluster") == access_level::admin));
  BOOST_TEST(
      (http_api::required_access("POST", "/v1/cluster/nodes/{node}/drain") == access_level::admin));
  BOOST_TEST((http_api::required_access("POST", "/v1/cluster/nodes/{node}/undrain") ==
              access_level::admin));
  BOOST_TEST((http_api::required_access("GET", "/") == access_level::open));
  BOOST_TEST((http_api::required_access("GET", "/console/{file}") == access_level::open));
  BOOST_TEST((http_api::required_access("POST", "/") == access_level::device));
  BOOST_TEST((http_api::required_access("GET", "/v1/access") == access_level::open));
}

BOOST_AUTO_TEST_CASE(without_keys_every_request_passes_without_a_name) {
  auto routes = protected_routes({});
  auto response = send(routes, "DELETE", "/v1/images/x");
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.body == "");
}

BOOST_AUTO_TEST_CASE(open_routes_need_no_key) {
  auto routes = protected_routes(two_keys);
  BOOST_TEST(send(routes, "GET", "/health").status == 200);
  BOOST_TEST(send(routes, "GET", "/health", "Bearer wrong").status == 200);
}

BOOST_AUTO_TEST_CASE(a_missing_or_malformed_authorization_is_401) {
  auto routes = protected_routes(two_keys);
  auto missing = expect_unauthorized(send(routes, "POST", "/v1/images"), false);
  BOOST_TEST(missing.find("Authorization: Bearer <key>") != std::string::npos);
  for (const auto* malformed : {"device-key", "Basic ZGV2aWNlLWtleQ==", "Bearer", "Bearer ",
                                "Bearerdevice-key", "Bearer device key", "Bearer dev\x01ice"})
    expect_unauthorized(send(routes, "POST", "/v1/images", malformed), true);
  expect_unauthorized(send(routes, "POST", "/v1/images", "Bearer " + std::string(513, 'k')), true);
}

BOOST_AUTO_TEST_CASE(an_unknown_key_is_401_everywhere_even_on_unknown_routes) {
  auto routes = protected_routes(two_keys);
  auto message = expect_unauthorized(send(routes, "POST", "/v1/images", "Bearer guess"), true);
  BOOST_TEST(message == "the API key is not known");
  // Without a key a client learns nothing about which routes exist.
  expect_unauthorized(send(routes, "GET", "/v1/secret"), false);
  expect_unauthorized(send(routes, "PUT", "/v1/images"), false);
}

BOOST_AUTO_TEST_CASE(a_known_key_passes_with_its_name_whatever_the_scheme_case) {
  auto routes = protected_routes(two_keys);
  for (const auto* header : {"Bearer device-key", "bearer device-key", "BEARER \t device-key  "}) {
    auto response = send(routes, "POST", "/v1/images", header);
    BOOST_TEST(response.status == 200, header);
    BOOST_TEST(response.body == "camera");
  }
  BOOST_TEST(send(routes, "POST", "/v1/images", "Bearer admin-key").body == "ops");
}

BOOST_AUTO_TEST_CASE(admin_routes_need_the_admin_scope) {
  struct admin_request {
    std::string method, path, route;
  };
  auto routes = protected_routes(two_keys);
  for (const auto& request : {admin_request{"DELETE", "/v1/images/x", "/v1/images/{id}"},
                              admin_request{"GET", "/v1/cluster", "/v1/cluster"}}) {
    auto refused = send(routes, request.method, request.path, "Bearer device-key");
    BOOST_TEST(refused.status == 403);
    BOOST_TEST(error_code_of(refused) == "forbidden");
    BOOST_TEST(nlohmann::json::parse(refused.body)["error"]["message"] ==
               "the API key \"camera\" has the scope device; " + request.method + " " +
                   request.route + " needs the scope admin");
    auto allowed = send(routes, request.method, request.path, "Bearer admin-key");
    BOOST_TEST(allowed.status == 200);
    BOOST_TEST(allowed.body == "ops");
  }
}

BOOST_AUTO_TEST_SUITE_END()
