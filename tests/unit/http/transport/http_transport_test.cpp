#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/http/server_fixture.hpp"

namespace {

using http_test::sample_png;
using test_support::raw_connection;
using test_support::status_of;

std::string upload_head(std::size_t length, const std::string& extra_headers = "") {
  return "POST /v1/images HTTP/1.1\r\nHost: test\r\nContent-Type: image/png\r\n"
         "Content-Length: " +
         std::to_string(length) + "\r\n" + extra_headers + "\r\n";
}

std::string body_of(const std::string& raw_response) {
  return raw_response.substr(raw_response.find("\r\n\r\n") + 4);
}

// A response head without its X-Request-Id field, which differs between
// requests.
std::string without_request_id(std::string head) {
  auto field = head.find("X-Request-Id: ");
  if (field != std::string::npos)
    head.erase(field, head.find("\r\n", field) + 2 - field);
  return head;
}

// The response must be a JSON error with `code`, and the server must close
// the connection after it.
void expect_refusal_and_close(raw_connection& connection, int status, const std::string& code) {
  auto response = connection.read_response();
  BOOST_TEST(status_of(response) == status, response);
  BOOST_TEST(nlohmann::json::parse(body_of(response))["error"]["code"] == code);
  BOOST_TEST(response.find("Connection: close") != std::string::npos);
  BOOST_TEST(connection.read_to_end().empty());
}

// As a node does: a client has as long to close after the last answer as
// to send a head.
void set_header_timeout(http_api::server_options& options, std::chrono::milliseconds timeout) {
  options.transport.limits.header_timeout = timeout;
  options.transport.limits.linger = timeout;
}

// A connection whose GET /v1/images the service holds unanswered.
std::unique_ptr<raw_connection> request_with_held_reply(http_test::server_fixture& fixture) {
  fixture.service.hold_replies();
  auto connection = std::make_unique<raw_connection>(fixture.server.port());
  connection->send("GET /v1/images HTTP/1.1\r\nHost: t\r\n\r\n");
  if (!fixture.service.wait_for_held_replies(1, std::chrono::seconds(10)))
    throw std::runtime_error("the service never received the request");
  return connection;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(transport, http_test::server_fixture)

BOOST_AUTO_TEST_CASE(listens_on_the_port_it_was_given_or_a_free_one) {
  BOOST_TEST(server.port() != 0);
  http_api::server_options taken = http_test::test_options();
  taken.transport.port = server.port();
  http_api::http_server second(taken, service);
  try {
    second.start();
    BOOST_FAIL("a taken port must not be accepted");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()).find(":" + std::to_string(server.port())) !=
               std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(options_out_of_range_are_refused) {
  auto options = http_test::test_options();
  options.transport.limits.idle_timeout = std::chrono::seconds(0);
  BOOST_CHECK_THROW(http_api::http_server(options, service), std::invalid_argument);
  options = http_test::test_options();
  options.transport.threads = 0;
  BOOST_CHECK_THROW(http_api::http_server(options, service), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(expect_continue_gets_100_before_the_body_is_sent) {
  raw_connection connection(server.port());
  connection.send(upload_head(sample_png().size(), "Expect: 100-continue\r\n"));
  BOOST_TEST(connection.read_until("\r\n\r\n") == "HTTP/1.1 100 Continue\r\n\r\n");
  connection.send(sample_png());
  BOOST_TEST(status_of(connection.read_response()) == 201);
}

BOOST_AUTO_TEST_CASE(curl_gets_100_continue_for_a_large_body) {
  const auto& jpeg = http_test::sample_jpeg();
  BOOST_TEST_REQUIRE(jpeg.size() > 1024u);
  test_support::request_options options;
  options.headers = {"Expect: 100-continue"};
  // Far longer than the test takes: had the server stayed silent, curl
  // would only send the body after this and the 100 would be missing.
  options.expect_continue_timeout = std::chrono::seconds(60);
  auto reply = client.post("/v1/images", jpeg, "image/jpeg", options);
  BOOST_TEST(reply.status == 201);
  BOOST_TEST(service.last_upload_bytes() == jpeg);
  BOOST_TEST(reply.interim_statuses == std::vector<long>{100}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_body_sent_without_waiting_gets_no_100) {
  raw_connection connection(server.port());
  connection.send(upload_head(sample_png().size(), "Expect: 100-continue\r\n") + sample_png());
  auto response = connection.read_response();
  BOOST_TEST(status_of(response) == 201, response.substr(0, 40));
}

BOOST_AUTO_TEST_CASE(an_oversized_content_length_is_refused_before_the_body) {
  raw_connection connection(server.port());
  connection.send(upload_head((1 << 20) + 1, "Expect: 100-continue\r\n"));
  expect_refusal_and_close(connection, 413, "payload_too_large");
}

BOOST_AUTO_TEST_CASE(a_hostile_content_length_is_refused_without_reserving_it) {
  raw_connection connection(server.port());
  connection.send(
      upload_head(0).replace(upload_head(0).find("Length: 0"), 9, "Length: 999999999999999999") +
      "some bytes");
  expect_refusal_and_close(connection, 413, "payload_too_large");
}

BOOST_AUTO_TEST_CASE(a_chunked_body_within_the_limit_is_accepted) {
  test_support::request_options options;
  options.chunked = true;
  auto reply = client.post("/v1/images", sample_png(), "image/png", options);
  BOOST_TEST(reply.status == 201);
  BOOST_TEST(service.last_upload_bytes() == sample_png());
}

BOOST_AUTO_TEST_CASE(a_chunked_body_growing_over_the_limit_is_refused) {
  raw_connection connection(server.port());
  std::string head = "POST /v1/images HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  std::string chunk(512 * 1024, 'x');
  connection.send(head + "80000\r\n" + chunk + "\r\n80000\r\n" + chunk + "\r\n1\r\n");
  expect_refusal_and_close(connection, 413, "payload_too_large");
}

BOOST_AUTO_TEST_CASE(malformed_requests_get_json_errors_and_a_closed_connection) {
  for (std::string request :
       {std::string("GET /health HTTP/1.1\r\n\r\n"), std::string("GET /health HTTP/1.x\r\n\r\n"),
        upload_head(3, "Transfer-Encoding: chunked\r\n") + "abc",
        std::string(
            "POST /v1/images HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")}) {
    raw_connection connection(server.port());
    connection.send(request);
    expect_refusal_and_close(connection, 400, "invalid_request");
  }
  BOOST_TEST(client.get("/health").status == 200);
}

BOOST_AUTO_TEST_CASE(headers_over_the_limit_get_431) {
  raw_connection connection(server.port());
  connection.send("GET /health HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(40 * 1024, 'h') +
                  "\r\n\r\n");
  expect_refusal_and_close(connection, 431, "invalid_request");
  BOOST_TEST(client.get("/health").status == 200);
}

BOOST_AUTO_TEST_CASE(keep_alive_serves_several_requests_on_one_connection) {
  raw_connection connection(server.port());
  for (int i = 0; i < 3; ++i) {
    connection.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
    auto response = connection.read_response();
    BOOST_TEST(status_of(response) == 200);
    BOOST_TEST(response.find("Connection: close") == std::string::npos);
  }
  connection.send(upload_head(sample_png().size()) + sample_png());
  BOOST_TEST(status_of(connection.read_response()) == 201);
}

BOOST_AUTO_TEST_CASE(pipelined_requests_are_answered_in_order) {
  raw_connection connection(server.port());
  connection.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n" + upload_head(sample_png().size()) +
                  sample_png() + "\r\nGET /v1/profiles HTTP/1.1\r\nHost: t\r\n\r\n");
  auto health = connection.read_response();
  BOOST_TEST(status_of(health) == 200);
  BOOST_TEST(body_of(health) == R"({"status":"ok"})");
  BOOST_TEST(status_of(connection.read_response()) == 201);
  BOOST_TEST(service.last_upload_bytes() == sample_png());
  auto profiles = connection.read_response();
  BOOST_TEST(status_of(profiles) == 200);
  BOOST_TEST(body_of(profiles).find("\"profiles\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_pipelined_request_waits_for_the_answer_before_it) {
  service.hold_replies();
  raw_connection connection(server.port());
  connection.send(
      "GET /v1/images HTTP/1.1\r\nHost: t\r\n\r\nGET /health HTTP/1.1\r\nHost: t\r\n\r\n");
  BOOST_TEST_REQUIRE(service.wait_for_held_replies(1, std::chrono::seconds(10)));
  service.release_replies();
  auto first = connection.read_response();
  BOOST_TEST(status_of(first) == 200);
  BOOST_TEST(body_of(first).find("\"images\"") != std::string::npos, first);
  BOOST_TEST(body_of(connection.read_response()) == R"({"status":"ok"})");
}

BOOST_AUTO_TEST_CASE(nothing_after_a_request_that_closes_is_served) {
  raw_connection connection(server.port());
  connection.send("GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
                  "DELETE /v1/images/01ARZ3NDEKTSV4RRFFQ69G5FAV HTTP/1.1\r\nHost: t\r\n\r\n");
  BOOST_TEST(status_of(connection.read_response()) == 200);
  BOOST_TEST(connection.read_to_end().empty());
}

BOOST_AUTO_TEST_CASE(head_is_answered_like_get_without_the_body) {
  auto id = upload_sample();
  raw_connection connection(server.port());
  for (std::string path : {std::string("/health"), "/v1/images/" + id + "/original"}) {
    connection.send("HEAD " + path + " HTTP/1.1\r\nHost: t\r\n\r\n");
    auto head = connection.read_until("\r\n\r\n");
    // The next answer on the connection starts right after the head.
    connection.send("GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n");
    auto get = connection.read_response();
    BOOST_TEST(status_of(head) == 200, path);
    BOOST_TEST(without_request_id(head) ==
                   without_request_id(get.substr(0, get.find("\r\n\r\n") + 4)),
               path);
    BOOST_TEST(head.find("Content-Length: " + std::to_string(body_of(get).size()) + "\r\n") !=
               std::string::npos);
  }
  connection.send("HEAD /v1/nothing HTTP/1.1\r\nHost: t\r\n\r\n");
  auto missing = connection.read_until("\r\n\r\n");
  BOOST_TEST(status_of(missing) == 404);
  connection.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
  BOOST_TEST(body_of(connection.read_response()) == R"({"status":"ok"})");
}

BOOST_AUTO_TEST_CASE(no_content_is_sent_without_a_length) {
  auto id = upload_sample();
  raw_connection connection(server.port());
  connection.send("DELETE /v1/images/" + id + " HTTP/1.1\r\nHost: t\r\n\r\n");
  auto deleted = connection.read_response();
  BOOST_TEST(status_of(deleted) == 204);
  BOOST_TEST(deleted.find("Content-Length") == std::string::npos, deleted);
}

BOOST_AUTO_TEST_CASE(connection_close_is_honoured) {
  raw_connection connection(server.port());
  connection.send("GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  auto response = connection.read_response();
  BOOST_TEST(status_of(response) == 200);
  BOOST_TEST(response.find("Connection: close") != std::string::npos);
  BOOST_TEST(connection.read_to_end().empty());
}

BOOST_AUTO_TEST_CASE(an_exception_in_the_service_is_a_500_and_the_server_goes_on) {
  service.throw_on_next_call();
  auto reply = client.get("/v1/images");
  BOOST_TEST(reply.status == 500);
  BOOST_TEST(reply.json()["error"]["code"] == "internal_error");
  BOOST_TEST(client.get("/v1/images").status == 200);
}

BOOST_AUTO_TEST_CASE(replies_for_a_client_that_left_are_dropped) {
  request_with_held_reply(*this)->close();
  // Once this answer came, the server has had the chance to see the close.
  raw_connection probe(server.port());
  probe.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
  BOOST_TEST(status_of(probe.read_response()) == 200);
  service.release_replies();
  BOOST_TEST(client.get("/v1/images").status == 200);
}

BOOST_AUTO_TEST_CASE(a_slow_reply_is_still_delivered) {
  auto connection = request_with_held_reply(*this);
  service.release_replies();
  BOOST_TEST(status_of(connection->read_response()) == 200);
}

BOOST_AUTO_TEST_CASE(the_header_timeout_also_covers_later_requests_on_a_connection) {
  auto options = http_test::test_options();
  set_header_timeout(options, std::chrono::seconds(1));
  http_test::server_fixture strict(options);
  raw_connection connection(strict.server.port());
  connection.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
  BOOST_TEST(status_of(connection.read_response()) == 200);
  connection.send("GET /health HTTP/1.1\r\nHost: t\r\n");
  expect_refusal_and_close(connection, 408, "request_timeout");
}

BOOST_AUTO_TEST_CASE(a_reply_slower_than_the_header_timeout_is_still_delivered) {
  auto options = http_test::test_options();
  set_header_timeout(options, std::chrono::seconds(1));
  http_test::server_fixture strict(options);
  auto waiting = request_with_held_reply(strict);
  // A connection stalled in its headers serves as the clock: once it is
  // timed out, the pending request is older than the header timeout too.
  raw_connection stalled(strict.server.port());
  stalled.send("GET /health HTTP/1.1\r\n");
  expect_refusal_and_close(stalled, 408, "request_timeout");
  strict.service.release_replies();
  BOOST_TEST(status_of(waiting->read_response()) == 200);
}

BOOST_AUTO_TEST_CASE(replies_after_stop_are_dropped) {
  auto connection = request_with_held_reply(*this);
  server.stop();
  service.release_replies();
  BOOST_TEST(server.port() == 0);
}

// A connection number is reused as soon as it is free: answers and the
// half-close after "Connection: close", sent from the service's threads,
// must reach the connection they belong to and no later one.
BOOST_AUTO_TEST_CASE(answers_survive_connection_close_churn) {
  service.reply_from_own_thread();
  auto path = "/v1/images/" + upload_sample();
  std::atomic<int> lost{0};
  auto exchange = [&](const std::string& request_id) {
    try {
      raw_connection connection(server.port());
      connection.send("GET " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n" +
                      "X-Request-Id: " + request_id + "\r\n\r\n");
      auto response = connection.read_response();
      if (status_of(response) != 200 ||
          response.find("X-Request-Id: " + request_id + "\r\n") == std::string::npos)
        ++lost;
    } catch (const std::exception&) {
      ++lost;
    }
  };
  for (int i = 0; i < 1000; ++i)
    exchange("sequential-" + std::to_string(i));
  std::vector<std::thread> clients;
  for (int t = 0; t < 8; ++t)
    clients.emplace_back([&, t] {
      for (int i = 0; i < 250; ++i)
        exchange("parallel-" + std::to_string(t) + "-" + std::to_string(i));
    });
  for (auto& client_thread : clients)
    client_thread.join();
  BOOST_TEST(lost.load() == 0);
}

// Some clients shut down their sending side once the request is out; the
// answer, computed after that, must still reach them.
BOOST_AUTO_TEST_CASE(a_half_closed_client_still_gets_its_answer) {
  service.hold_replies();
  raw_connection connection(server.port());
  connection.send(upload_head(sample_png().size()) + sample_png());
  connection.finish_sending();
  BOOST_TEST_REQUIRE(service.wait_for_held_replies(1, std::chrono::seconds(10)));
  service.release_replies();
  BOOST_TEST(status_of(connection.read_response()) == 201);
  BOOST_TEST(connection.read_to_end().empty());
}

// Succeeds once a new connection is served (not refused 503) before the
// deadline.
bool served_before(std::uint16_t port, std::chrono::seconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    raw_connection probe(port);
    probe.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
    if (status_of(probe.read_response()) == 200)
      return true;
  }
  return false;
}

BOOST_AUTO_TEST_CASE(timed_out_connections_release_their_slot) {
  auto options = http_test::test_options();
  set_header_timeout(options, std::chrono::seconds(1));
  options.transport.max_connections = 2;
  http_test::server_fixture strict(options);
  for (int i = 0; i < 3; ++i) {
    raw_connection stalled(strict.server.port());
    stalled.send("GET /health HTTP/1.1\r\n");
    expect_refusal_and_close(stalled, 408, "request_timeout");
  }
  BOOST_TEST(served_before(strict.server.port(), std::chrono::seconds(10)));
}

BOOST_AUTO_TEST_CASE(idle_connections_are_closed_cleanly) {
  auto options = http_test::test_options();
  options.transport.limits.idle_timeout = std::chrono::seconds(1);
  set_header_timeout(options, std::chrono::seconds(1));
  options.transport.max_connections = 1;
  http_test::server_fixture strict(options);
  {
    raw_connection idle(strict.server.port());
    idle.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
    BOOST_TEST(status_of(idle.read_response()) == 200);
    // The server half-closes the idle connection: the client reads its end.
    BOOST_TEST(idle.read_to_end().empty());
  }
  BOOST_TEST(served_before(strict.server.port(), std::chrono::seconds(10)));
  // A client that never closes is shut down after the linger time, and its
  // slot goes back too.
  raw_connection stubborn(strict.server.port());
  stubborn.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
  BOOST_TEST(status_of(stubborn.read_response()) == 200);
  BOOST_TEST(served_before(strict.server.port(), std::chrono::seconds(10)));
}

namespace {

// A server whose GET /stream answers with a streamed body and hands the
// stream to the test.
struct streaming_server {
  explicit streaming_server(http_test::fake_image_service& service)
      : server(http_test::test_options(), service) {
    server.routes().add("GET", "/stream",
                        [this](http_api::http_request&, const http_api::responder& respond) {
                          http_api::http_response response;
                          response.with_header("Content-Type", "text/event-stream");
                          response.body = "opened\n";
                          response.stream_body = [this](std::shared_ptr<http_api::body_stream> s) {
                            std::lock_guard lock(mutex);
                            streams.push_back(std::move(s));
                          };
                          respond(std::move(response));
                        });
    server.start();
  }

  // The stream of the `index`-th request, once it was handed over.
  std::shared_ptr<http_api::body_stream> stream(std::size_t index) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard lock(mutex);
        if (streams.size() > index)
          return streams[index];
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    throw std::runtime_error("no stream was handed over");
  }

  http_api::http_server server;
  std::mutex mutex;
  std::vector<std::shared_ptr<http_api::body_stream>> streams;
};

} // namespace

// RFC 9112 section 6.3: a body without Content-Length or chunked coding
// ends when the connection closes; the server says "Connection: close".
BOOST_AUTO_TEST_CASE(a_streamed_body_goes_out_as_written_and_ends_with_the_connection) {
  streaming_server streaming(service);
  raw_connection client(streaming.server.port());
  client.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\nGET /stream HTTP/1.1\r\nHost: t\r\n\r\n");
  auto head = client.read_until("\r\n\r\n");
  BOOST_TEST(status_of(head) == 200);
  BOOST_TEST(head.find("Content-Length") == std::string::npos, head);
  BOOST_TEST(head.find("Connection: close") != std::string::npos, head);
  BOOST_TEST(client.read_until("opened\n") == "opened\n");
  auto stream = streaming.stream(0);
  BOOST_TEST(stream->open());
  BOOST_TEST(stream->write("one\n"));
  BOOST_TEST(client.read_until("\n") == "one\n");
  BOOST_TEST(stream->write("two\n"));
  BOOST_TEST(stream->write("three\n"));
  BOOST_TEST(client.read_until("three\n") == "two\nthree\n");
  stream->end();
  BOOST_TEST(!stream->open());
  BOOST_TEST(!stream->write("late\n"));
  // The pipelined second request is never served: the stream took the
  // connection.
  BOOST_TEST(client.read_to_end().empty());
}

BOOST_AUTO_TEST_CASE(a_stream_learns_that_its_client_left) {
  streaming_server streaming(service);
  auto client = std::make_unique<raw_connection>(streaming.server.port());
  client->send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n");
  client->read_until("opened\n");
  auto stream = streaming.stream(0);
  client.reset();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (stream->open() && stream->write("tick\n") && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  BOOST_TEST(!stream->open());
  BOOST_TEST(!stream->write("more\n"));
}

BOOST_AUTO_TEST_CASE(head_of_a_streamed_answer_gets_the_head_alone) {
  streaming_server streaming(service);
  raw_connection client(streaming.server.port());
  client.send("HEAD /stream HTTP/1.1\r\nHost: t\r\n\r\n");
  auto head = client.read_until("\r\n\r\n");
  BOOST_TEST(status_of(head) == 200);
  BOOST_TEST(head.find("Content-Length") == std::string::npos, head);
  client.send("HEAD /stream HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  BOOST_TEST(status_of(client.read_until("\r\n\r\n")) == 200);
  BOOST_TEST(client.read_to_end().empty());
  std::lock_guard lock(streaming.mutex);
  BOOST_TEST(streaming.streams.empty());
}

BOOST_AUTO_TEST_SUITE_END()
