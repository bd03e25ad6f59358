// API keys and the connection limit over real sockets, against the fake
// service.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "actors/model/digest.hpp"
#include "tests/unit/http/server_fixture.hpp"

namespace {

using http_test::sample_png;
using test_support::raw_connection;
using test_support::status_of;

const std::string device_key = "d3v1c3-k3y";
const std::string admin_key = "4dm1n-k3y";

http_api::server_options options_with_keys() {
  auto options = http_test::test_options();
  options.api_keys = {{"camera-7", http_api::key_scope::device, model::sha256_hex(device_key)},
                      {"ops", http_api::key_scope::admin, model::sha256_hex(admin_key)}};
  return options;
}

test_support::request_options with_key(const std::string& key) {
  test_support::request_options options;
  options.headers = {"Authorization: Bearer " + key};
  return options;
}

struct keyed_server : http_test::server_fixture {
  keyed_server() : server_fixture(options_with_keys()) {}

  std::string upload_as(const std::string& key) {
    auto reply = client.send("POST", "/v1/images", sample_png(), with_key(key));
    BOOST_TEST_REQUIRE(reply.status == 201, reply.body);
    return reply.json()["id"];
  }
};

http_api::server_options options_with_connections(std::size_t limit) {
  auto options = http_test::test_options();
  options.transport.max_connections = limit;
  return options;
}

// A keep-alive connection that the server has accepted and served once.
std::unique_ptr<raw_connection> served_connection(std::uint16_t port) {
  auto connection = std::make_unique<raw_connection>(port);
  connection->send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
  if (status_of(connection->read_response()) != 200)
    throw std::runtime_error("a connection within the limit was not served");
  return connection;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(api_keys_over_http, keyed_server)

BOOST_AUTO_TEST_CASE(requests_without_a_key_are_401_with_a_bearer_challenge) {
  auto reply = client.post("/v1/images", sample_png(), "image/png");
  BOOST_TEST(reply.status == 401);
  BOOST_TEST(reply.json()["error"]["code"] == "unauthorized");
  BOOST_TEST(reply.header("WWW-Authenticate") == "Bearer realm=\"caf-node\"");
  BOOST_TEST(!service.last_upload());
  auto wrong = client.get("/v1/images", {"Authorization: Bearer " + admin_key + "x"});
  BOOST_TEST(wrong.status == 401);
  BOOST_TEST(wrong.header("WWW-Authenticate") ==
             "Bearer realm=\"caf-node\", error=\"invalid_token\"");
}

BOOST_AUTO_TEST_CASE(a_request_without_a_key_is_refused_before_its_body) {
  // The client announces a body it never sends: the answer must come from
  // the headers alone, without a 100 Continue, and close the connection.
  raw_connection announced(server.port());
  announced.send("POST /v1/images HTTP/1.1\r\nHost: t\r\nContent-Type: image/png\r\n"
                 "Content-Length: 900000\r\nExpect: 100-continue\r\n\r\n");
  auto refused = announced.read_response();
  BOOST_TEST(status_of(refused) == 401, refused);
  BOOST_TEST(refused.find("Connection: close\r\n") != std::string::npos);
  BOOST_TEST(announced.read_to_end().empty());

  raw_connection unknown(server.port());
  unknown.send("POST /v1/images HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer guess\r\n"
               "Content-Length: 900000\r\n\r\n" +
               std::string(1000, 'b'));
  BOOST_TEST(status_of(unknown.read_response()) == 401);
  BOOST_TEST(!service.last_upload());
  BOOST_TEST(service.opened_uploads() == 0u); // nowhere was made for its bytes

  raw_connection forbidden(server.port());
  forbidden.send("DELETE /v1/images/" + std::string(26, '0') +
                 " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + device_key +
                 "\r\nContent-Length: 10\r\n\r\n");
  BOOST_TEST(status_of(forbidden.read_response()) == 403);
}

BOOST_AUTO_TEST_CASE(a_request_with_a_key_gets_100_continue_and_is_served) {
  raw_connection connection(server.port());
  connection.send("POST /v1/images HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + device_key +
                  "\r\nContent-Length: " + std::to_string(sample_png().size()) +
                  "\r\nExpect: 100-continue\r\n\r\n");
  BOOST_TEST(connection.read_until("\r\n\r\n") == "HTTP/1.1 100 Continue\r\n\r\n");
  connection.send(sample_png());
  BOOST_TEST(status_of(connection.read_response()) == 201);
  BOOST_TEST(service.last_upload()->who.key_name == "camera-7");
}

BOOST_AUTO_TEST_CASE(health_stays_open) {
  BOOST_TEST(client.get("/health").status == 200);
}

BOOST_AUTO_TEST_CASE(the_key_name_goes_with_uploads_and_commands_never_the_key) {
  std::string id = upload_as(device_key);
  BOOST_TEST(service.last_upload()->who.key_name == "camera-7");
  auto image = client.get("/v1/images/" + id, {"Authorization: Bearer " + device_key});
  BOOST_TEST(image.json()["uploaded_by"] == "camera-7");
  BOOST_TEST(image.body.find(device_key) == std::string::npos);

  auto command =
      client.send("POST", "/v1/images/" + id + "/commands", R"({"ops":[{"op":"flip"}]})", [] {
        auto options = with_key(admin_key);
        options.headers.push_back("Content-Type: application/json");
        return options;
      }());
  BOOST_TEST_REQUIRE(command.status == 202, command.body);
  BOOST_TEST(service.last_command()->who.key_name == "ops");
  BOOST_TEST(command.json()["submitted_by"] == "ops");
}

BOOST_AUTO_TEST_CASE(deleting_needs_an_admin_key) {
  std::string id = upload_as(device_key);
  auto refused = client.send("DELETE", "/v1/images/" + id, "", with_key(device_key));
  BOOST_TEST(refused.status == 403);
  BOOST_TEST(refused.json()["error"]["code"] == "forbidden");
  BOOST_TEST(client.send("DELETE", "/v1/images/" + id, "", with_key(admin_key)).status == 204);
}

BOOST_AUTO_TEST_CASE(the_cluster_view_needs_an_admin_key) {
  BOOST_TEST(client.get("/v1/cluster", {"Authorization: Bearer " + device_key}).status == 403);
  BOOST_TEST(client.get("/v1/cluster", {"Authorization: Bearer " + admin_key}).status == 200);
}

BOOST_AUTO_TEST_CASE(draining_needs_an_admin_key) {
  for (const std::string action : {"drain", "undrain"}) {
    auto path = "/v1/cluster/nodes/fake-node/" + action;
    BOOST_TEST(client.send("POST", path, "", with_key(device_key)).status == 403);
    BOOST_TEST(client.send("POST", path, "", {}).status == 401);
    BOOST_TEST(client.send("POST", path, "", with_key(admin_key)).status == 200);
  }
}

BOOST_AUTO_TEST_CASE(access_names_the_key_and_its_scope) {
  auto device = client.get("/v1/access", {"Authorization: Bearer " + device_key});
  BOOST_TEST_REQUIRE(device.status == 200);
  BOOST_TEST(device.json()["keys_required"] == true);
  BOOST_TEST(device.json()["scope"] == "device");
  BOOST_TEST(device.json()["key"] == "camera-7");
  auto admin = client.get("/v1/access", {"Authorization: Bearer " + admin_key});
  BOOST_TEST(admin.json()["scope"] == "admin");
  BOOST_TEST(admin.json()["key"] == "ops");
  for (const auto& headers : std::vector<std::vector<std::string>>{
           {}, {"Authorization: Bearer wrong"}, {"Authorization: Basic x"}}) {
    auto anonymous = client.get("/v1/access", headers);
    BOOST_TEST_REQUIRE(anonymous.status == 200);
    BOOST_TEST(anonymous.json()["keys_required"] == true);
    BOOST_TEST(anonymous.json()["scope"].is_null());
    BOOST_TEST(anonymous.json()["key"].is_null());
  }
}

BOOST_AUTO_TEST_CASE(the_console_loads_without_a_key) {
  auto page = client.get("/");
  BOOST_TEST(page.status == 200);
  BOOST_TEST(page.header("Content-Type") == "text/html; charset=utf-8");
  BOOST_TEST(client.get("/console/console.js").status == 200);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(without_api_keys)

BOOST_AUTO_TEST_CASE(without_keys_images_have_no_uploader) {
  http_test::server_fixture open;
  auto reply = open.client.post("/v1/images", sample_png(), "image/png");
  BOOST_TEST(reply.json()["uploaded_by"].is_null());
  BOOST_TEST(open.service.last_upload()->who.key_name == "");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(connection_limit)

BOOST_AUTO_TEST_CASE(connections_over_the_limit_get_503_and_are_closed) {
  http_test::server_fixture limited(options_with_connections(2));
  auto first = served_connection(limited.server.port());
  auto second = served_connection(limited.server.port());

  raw_connection third(limited.server.port());
  third.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
  auto refused = third.read_response();
  BOOST_TEST(status_of(refused) == 503, refused);
  BOOST_TEST(refused.find("Retry-After: 1\r\n") != std::string::npos);
  BOOST_TEST(refused.find("Connection: close\r\n") != std::string::npos);
  BOOST_TEST(refused.find("\"code\":\"overloaded\"") != std::string::npos);
  BOOST_TEST(third.read_to_end().empty());

  // The served connections go on; once one closes, a new one is served.
  first->send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
  BOOST_TEST(status_of(first->read_response()) == 200);
  second->close();
  third.close();
  // The server sees the closes on its own threads: ask until it serves
  // again; the deadline only stops a hung test.
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  bool served_again = false;
  while (!served_again && std::chrono::steady_clock::now() < until)
    served_again = limited.client.get("/health").status == 200;
  BOOST_TEST(served_again);
}

BOOST_AUTO_TEST_CASE(a_limit_of_zero_connections_is_refused) {
  http_test::fake_image_service service;
  BOOST_CHECK_THROW(http_api::http_server(options_with_connections(0), service),
                    std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
