// What RFC 9112 (HTTP/1.1 messages) and RFC 9110 (HTTP semantics) require
// of a server, one row per requirement: the request as raw bytes, the
// answer it must get, and whether the connection must close after it (a
// connection that stays open must serve a next request). Requirements
// that take more than one exchange follow the table as their own cases.
// Content ranges and caching are in content_test.cpp.

#include <boost/test/unit_test.hpp>

#include <functional>
#include <string>
#include <vector>

#include "tests/unit/http/server_fixture.hpp"

namespace {

using http_test::sample_png;
using test_support::raw_connection;
using test_support::status_of;

const std::string host = "Host: t\r\n";

std::string get(const std::string& target, const std::string& version = "HTTP/1.1",
                const std::string& fields = host) {
  return "GET " + target + " " + version + "\r\n" + fields + "\r\n";
}

std::string upload(const std::string& framing_fields, const std::string& body,
                   const std::string& version = "HTTP/1.1") {
  return "POST /v1/images " + version + "\r\n" + host + framing_fields + "\r\n" + body;
}

std::string content_length(std::size_t bytes) {
  return "Content-Length: " + std::to_string(bytes) + "\r\n";
}

std::string chunked(const std::string& body, const std::string& extension = "",
                    const std::string& trailer = "") {
  char size[32];
  std::snprintf(size, sizeof(size), "%zx", body.size());
  return std::string(size) + extension + "\r\n" + body + "\r\n0\r\n" + trailer + "\r\n";
}

std::string header_of(const std::string& response, const std::string& name) {
  auto at = response.find("\r\n" + name + ": ");
  if (at == std::string::npos || at > response.find("\r\n\r\n"))
    return "(absent)";
  auto start = at + name.size() + 4;
  return response.substr(start, response.find("\r\n", start) - start);
}

std::string body_of(const std::string& response) {
  return response.substr(response.find("\r\n\r\n") + 4);
}

struct requirement {
  const char* source; // where the RFC says it
  const char* rule;   // what it says, shortened
  std::string request;
  int status;
  const char* code; // the error code of a refusal, "" for a success
  bool closes;      // the server must close the connection after the answer
  // Further checks of the answer (headers); may be empty.
  std::function<void(const std::string& answer)> check = {};
};

std::vector<requirement> requirements() {
  const std::string png = sample_png();
  auto has_date = [](const std::string& answer) {
    BOOST_TEST(header_of(answer, "Date").size() == 29u, answer);
  };
  return {
      {"9112 2.2", "bare LF may end lines", "GET /health HTTP/1.1\nHost: t\n\n", 200, "", false},
      {"9112 2.2", "empty lines before the request line are ignored", "\r\n\r\n" + get("/health"),
       200, "", false},
      {"9112 2.2", "a bare CR is invalid", "GET /health HTTP/1.1\r\nHost: t\rX: y\r\n\r\n", 400,
       "invalid_request", true},
      {"9112 2.2", "whitespace between start-line and first field: reject",
       "GET /health HTTP/1.1\r\n Host: t\r\n\r\n", 400, "invalid_request", true},
      {"9112 2.3", "answer with the highest version we speak", get("/health", "HTTP/1.0", ""), 200,
       "", true,
       [](const std::string& answer) { BOOST_TEST(answer.rfind("HTTP/1.1 200 OK\r\n", 0) == 0u); }},
      {"9110 15.6.6", "an unsupported major version is 505", get("/health", "HTTP/2.0"), 505,
       "version_not_supported", true},
      {"9112 2.3", "a malformed version is invalid", get("/health", "HTTP/1.10"), 400,
       "invalid_request", true},
      {"9112 3", "one SP between the parts of the request line",
       "GET  /health HTTP/1.1\r\n" + host + "\r\n", 400, "invalid_request", true},
      {"9112 3", "no other whitespace in the request line",
       "GET\t/health HTTP/1.1\r\n" + host + "\r\n", 400, "invalid_request", true},
      {"9112 3", "a request-target longer than we parse is 414", get("/" + std::string(9000, 'a')),
       414, "uri_too_long", true},
      {"9112 3.2", "HTTP/1.1 without Host is 400", get("/health", "HTTP/1.1", ""), 400,
       "invalid_request", true},
      {"9112 3.2", "two Host fields are 400", get("/health", "HTTP/1.1", host + host), 400,
       "invalid_request", true},
      {"9112 3.2", "an invalid Host value is 400", get("/health", "HTTP/1.1", "Host: a b\r\n"), 400,
       "invalid_request", true},
      {"9112 3.2", "an invalid Host port is 400", get("/health", "HTTP/1.1", "Host: t:8x\r\n"), 400,
       "invalid_request", true},
      {"9112 3.2", "HTTP/1.0 needs no Host", get("/health", "HTTP/1.0", ""), 200, "", true},
      {"9112 3.2.2", "absolute-form must be accepted; its host wins over Host",
       get("http://t/health", "HTTP/1.1", "Host: elsewhere\r\n"), 200, "", false},
      {"9112 3.2.2", "absolute-form with userinfo is refused", get("http://u@t/health"), 400,
       "invalid_request", true},
      {"9112 3.2.4", "asterisk-form is for OPTIONS", "OPTIONS * HTTP/1.1\r\n" + host + "\r\n", 200,
       "", false,
       [](const std::string& answer) {
         BOOST_TEST(header_of(answer, "Allow").find("GET") != std::string::npos, answer);
         BOOST_TEST(header_of(answer, "Content-Length") == "0");
       }},
      {"9112 3.2.4", "asterisk-form with another method is invalid", get("*"), 400,
       "invalid_request", true},
      {"9112 3.2.3", "authority-form without CONNECT is invalid", get("t:80"), 400,
       "invalid_request", true},
      {"9110 9.3.6", "CONNECT is not implemented by an origin server",
       "CONNECT t:443 HTTP/1.1\r\n" + host + "\r\n", 501, "not_implemented", true},
      {"9112 3.2", "a target with a space-free but invalid character is refused", get("/health<x>"),
       400, "invalid_request", true},
      {"9112 3.2", "a broken %-escape in the target is refused", get("/health%zz"), 400,
       "invalid_request", true},
      {"9112 5.1", "whitespace between a field name and its colon is 400",
       get("/health", "HTTP/1.1", host + "X-Test : 1\r\n"), 400, "invalid_request", true},
      {"9112 5.2", "obs-fold is rejected", get("/health", "HTTP/1.1", host + "X-Test: a\r\n b\r\n"),
       400, "invalid_request", true},
      {"9110 5.5", "NUL in a field value is rejected",
       get("/health", "HTTP/1.1", host + std::string("X-Test: a\0b\r\n", 13)), 400,
       "invalid_request", true},
      {"9110 5.1", "a field name must be a token",
       get("/health", "HTTP/1.1", host + "X(Test): 1\r\n"), 400, "invalid_request", true},
      {"9112 6.1", "Content-Length with Transfer-Encoding: reject and close",
       upload(content_length(png.size()) + "Transfer-Encoding: chunked\r\n", chunked(png)), 400,
       "invalid_request", true},
      {"9112 6.1", "chunked not last: 400 and close",
       upload("Transfer-Encoding: chunked, gzip\r\n", chunked(png)), 400, "invalid_request", true},
      {"9112 6.1", "an unknown transfer coding is 501",
       upload("Transfer-Encoding: gzip, chunked\r\n", chunked(png)), 501, "not_implemented", true},
      {"9112 6.1", "Transfer-Encoding in HTTP/1.0 is faulty framing",
       upload("Transfer-Encoding: chunked\r\n", chunked(png), "HTTP/1.0"), 400, "invalid_request",
       true},
      {"9112 6.3", "an invalid Content-Length: 400 and close", upload("Content-Length: 1x\r\n", ""),
       400, "invalid_request", true},
      {"9112 6.3", "Content-Length fields that disagree: 400 and close",
       upload(content_length(png.size()) + content_length(png.size() + 1), png), 400,
       "invalid_request", true},
      {"9110 8.6", "Content-Length repeating one value may be read as one",
       upload("Content-Length: " + std::to_string(png.size()) + ", " + std::to_string(png.size()) +
                  "\r\n",
              png),
       201, "", false},
      {"9112 7.1", "a chunked body is read", upload("Transfer-Encoding: chunked\r\n", chunked(png)),
       201, "", false},
      {"9112 7.1.1", "unknown chunk extensions are ignored",
       upload("Transfer-Encoding: chunked\r\n", chunked(png, ";name=\"value\"")), 201, "", false},
      {"9112 7.1.2", "trailer fields may be discarded",
       upload("Transfer-Encoding: chunked\r\n", chunked(png, "", "X-Checksum: 1\r\n")), 201, "",
       false},
      {"9112 9.3", "HTTP/1.1 persists unless closed", get("/health"), 200, "", false,
       [](const std::string& answer) {
         BOOST_TEST(header_of(answer, "Connection") == "(absent)", answer);
         BOOST_TEST(header_of(answer, "Keep-Alive") == "timeout=120", answer);
       }},
      {"9112 9.3", "HTTP/1.0 closes unless keep-alive", get("/health", "HTTP/1.0", ""), 200, "",
       true,
       [](const std::string& answer) { BOOST_TEST(header_of(answer, "Connection") == "close"); }},
      {"9112 9.3", "HTTP/1.0 keep-alive is honoured and announced",
       get("/health", "HTTP/1.0", "Connection: keep-alive\r\n"), 200, "", false,
       [](const std::string& answer) {
         BOOST_TEST(header_of(answer, "Connection") == "keep-alive");
       }},
      {"9112 9.6", "close: the last answer says so, the server closes",
       get("/health", "HTTP/1.1", host + "Connection: close\r\n"), 200, "", true,
       [](const std::string& answer) { BOOST_TEST(header_of(answer, "Connection") == "close"); }},
      {"9110 7.6.1", "connection options are case-insensitive",
       get("/health", "HTTP/1.1", host + "Connection: Upgrade, CLOSE\r\n"), 200, "", true},
      {"9110 6.6.1", "a 2xx carries Date", get("/health"), 200, "", false, has_date},
      {"9110 6.6.1", "a 4xx carries Date", get("/v1/nothing"), 404, "not_found", false, has_date},
      {"9110 9.3.7", "OPTIONS without content sends Content-Length 0",
       "OPTIONS /v1/images HTTP/1.1\r\n" + host + "\r\n", 200, "", false,
       [](const std::string& answer) {
         BOOST_TEST(header_of(answer, "Content-Length") == "0");
         BOOST_TEST(header_of(answer, "Allow") == "POST, GET, HEAD, OPTIONS");
       }},
      {"9110 10.1.1", "an expectation other than 100-continue may be 417",
       upload("Expect: 200-ok\r\n" + content_length(png.size()), png), 417, "expectation_failed",
       true},
      {"9110 15.5.6", "a 405 carries Allow", "PUT /v1/images HTTP/1.1\r\n" + host + "\r\n", 405,
       "method_not_allowed", false,
       [](const std::string& answer) {
         BOOST_TEST(header_of(answer, "Allow") == "POST, GET, HEAD, OPTIONS");
       }},
      {"9110 9.1", "an unknown method is 501", "BREW /pot HTTP/1.1\r\n" + host + "\r\n", 501,
       "not_implemented", false},
      {"9110 9.1", "methods are case-sensitive", "get /health HTTP/1.1\r\n" + host + "\r\n", 501,
       "not_implemented", false},
  };
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(rfc_conformance, http_test::server_fixture)

BOOST_AUTO_TEST_CASE(every_requirement_of_the_table) {
  for (const auto& must : requirements()) {
    BOOST_TEST_CONTEXT("RFC " << must.source << ": " << must.rule) {
      raw_connection connection(server.port());
      connection.send(must.request);
      auto answer = connection.read_response();
      BOOST_TEST(status_of(answer) == must.status, answer.substr(0, answer.find("\r\n")));
      if (*must.code != '\0')
        BOOST_TEST(nlohmann::json::parse(body_of(answer))["error"]["code"] == must.code);
      if (must.check)
        must.check(answer);
      if (must.closes) {
        BOOST_TEST(connection.read_to_end().empty());
      } else {
        connection.send(get("/health"));
        BOOST_TEST(status_of(connection.read_response()) == 200);
      }
    }
  }
  BOOST_TEST(client.get("/health").status == 200);
}

// RFC 9112 section 9.3.2: answers to pipelined requests in request order.
BOOST_AUTO_TEST_CASE(pipelined_answers_come_in_request_order) {
  raw_connection connection(server.port());
  connection.send(get("/v1/profiles") + get("/health") + get("/v1/nothing") + get("/health"));
  BOOST_TEST(body_of(connection.read_response()).find("\"profiles\"") != std::string::npos);
  BOOST_TEST(body_of(connection.read_response()) == R"({"status":"ok"})");
  BOOST_TEST(status_of(connection.read_response()) == 404);
  BOOST_TEST(body_of(connection.read_response()) == R"({"status":"ok"})");
}

// RFC 9112 section 9.6: nothing after a request with "close" is processed.
BOOST_AUTO_TEST_CASE(requests_after_close_are_not_processed) {
  raw_connection connection(server.port());
  connection.send(get("/health", "HTTP/1.1", host + "Connection: close\r\n") +
                  upload(content_length(sample_png().size()), sample_png()));
  BOOST_TEST(status_of(connection.read_response()) == 200);
  BOOST_TEST(connection.read_to_end().empty());
  BOOST_TEST(!service.last_upload().has_value());
}

// RFC 9110 section 10.1.1: 100 (Continue) to an HTTP/1.1 client that waits
// for it; never a 1xx to an HTTP/1.0 client (section 15.2).
BOOST_AUTO_TEST_CASE(continue_only_for_http_1_1) {
  raw_connection waiting(server.port());
  waiting.send(
      upload("Expect: 100-continue\r\n" + content_length(sample_png().size()), std::string()));
  BOOST_TEST(waiting.read_until("\r\n\r\n") == "HTTP/1.1 100 Continue\r\n\r\n");
  waiting.send(sample_png());
  BOOST_TEST(status_of(waiting.read_response()) == 201);

  raw_connection old(server.port());
  old.send(upload("Expect: 100-continue\r\n" + content_length(sample_png().size()), std::string(),
                  "HTTP/1.0"));
  old.send(sample_png());
  BOOST_TEST(status_of(old.read_response()) == 201);
}

// RFC 9110 section 8.6: no Content-Length in a 204; section 9.3.2: HEAD
// gets GET's fields and no content.
BOOST_AUTO_TEST_CASE(no_content_and_head_carry_no_body) {
  auto id = upload_sample();
  raw_connection connection(server.port());
  connection.send("HEAD /v1/images/" + id + "/original HTTP/1.1\r\n" + host + "\r\n");
  auto head = connection.read_until("\r\n\r\n");
  BOOST_TEST(header_of(head, "Content-Length") == std::to_string(sample_png().size()));
  connection.send("DELETE /v1/images/" + id + " HTTP/1.1\r\n" + host + "\r\n");
  auto deleted = connection.read_response();
  BOOST_TEST(status_of(deleted) == 204, deleted);
  BOOST_TEST(header_of(deleted, "Content-Length") == "(absent)");
  BOOST_TEST(header_of(deleted, "Date") != "(absent)");
}

BOOST_AUTO_TEST_SUITE_END()
