// Image content as browsers, CDNs and proxies use it: caching (RFC 9111),
// validators and ranges (RFC 9110 sections 13 and 14), and CORS for pages
// on another origin.

#include <boost/test/unit_test.hpp>

#include <string>

#include "actors/model/digest.hpp"
#include "tests/unit/http/server_fixture.hpp"

namespace {

using http_test::sample_png;

const std::string immutable = "public, max-age=31536000, immutable";

struct content_fixture : http_test::server_fixture {
  content_fixture() : id(upload_sample()) {}

  std::string original() const {
    return "/v1/images/" + id + "/original";
  }

  std::string id;
};

http_api::server_options with_cors(const std::string& origin) {
  auto options = http_test::test_options();
  options.cors_origin = origin;
  return options;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(content, content_fixture)

BOOST_AUTO_TEST_CASE(originals_and_versions_are_immutable_the_newest_is_revalidated) {
  auto command = client.post("/v1/images/" + id + "/commands?wait=5", "grayscale", "text/plain");
  BOOST_TEST_REQUIRE(command.status == 200);
  for (const auto& path : {original(), "/v1/images/" + id + "/versions/1/content"}) {
    auto reply = client.get(path);
    BOOST_TEST(reply.status == 200, path);
    BOOST_TEST(reply.header("Cache-Control") == immutable, path);
    BOOST_TEST(reply.header("Accept-Ranges") == "bytes", path);
  }
  auto latest = client.get("/v1/images/" + id + "/content");
  BOOST_TEST(latest.header("Cache-Control") == "no-cache");
  BOOST_TEST(!latest.header("ETag").empty());
}

// RFC 9110 section 15.4.5: a 304 carries the ETag and Cache-Control a 200
// would have.
BOOST_AUTO_TEST_CASE(not_modified_keeps_the_validator_and_the_caching) {
  auto etag = client.get(original()).header("ETag");
  BOOST_TEST(etag == "\"" + model::sha256_hex(sample_png()) + "\"");
  for (const auto& condition : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    auto reply = client.get(original(), {"If-None-Match: " + condition});
    BOOST_TEST(reply.status == 304, condition);
    BOOST_TEST(reply.header("ETag") == etag);
    BOOST_TEST(reply.header("Cache-Control") == immutable);
    BOOST_TEST(reply.body.empty());
  }
  BOOST_TEST(client.get(original(), {"If-None-Match: \"other\""}).status == 200);
}

BOOST_AUTO_TEST_CASE(a_single_range_is_206_with_its_bytes) {
  const auto& png = sample_png();
  const auto length = std::to_string(png.size());
  struct expectation {
    std::string range;
    std::size_t first, last;
  };
  for (const auto& [range, first, last] :
       {expectation{"bytes=0-9", 0, 9}, expectation{"bytes=10-", 10, png.size() - 1},
        expectation{"bytes=-16", png.size() - 16, png.size() - 1},
        expectation{"bytes=5-999999", 5, png.size() - 1}, expectation{"BYTES=3-3", 3, 3}}) {
    auto reply = client.get(original(), {"Range: " + range});
    BOOST_TEST(reply.status == 206, range);
    BOOST_TEST(reply.header("Content-Range") ==
                   "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" + length,
               range);
    BOOST_TEST(reply.body == png.substr(first, last - first + 1), range);
    BOOST_TEST(reply.header("Content-Type") == "image/png");
    BOOST_TEST(reply.header("Cache-Control") == immutable);
    BOOST_TEST(!reply.header("ETag").empty());
  }
}

// RFC 9110 section 15.5.17: 416 names the current length.
BOOST_AUTO_TEST_CASE(a_range_past_the_end_is_416) {
  auto size = sample_png().size();
  for (const auto& range : {"bytes=" + std::to_string(size) + "-", std::string("bytes=-0")}) {
    auto reply = client.get(original(), {"Range: " + range});
    BOOST_TEST(reply.status == 416, range);
    BOOST_TEST(reply.header("Content-Range") == "bytes */" + std::to_string(size));
    BOOST_TEST(reply.json()["error"]["code"] == "range_not_satisfiable");
  }
}

// RFC 9110 section 14.2: other units, several ranges and malformed ones
// may be ignored; Range is defined for GET only.
BOOST_AUTO_TEST_CASE(ranges_we_do_not_serve_get_the_whole_content) {
  for (const auto& range : {"items=0-1", "bytes=0-1,4-5", "bytes=5-2", "bytes=x-", "bytes="}) {
    auto reply = client.get(original(), {std::string("Range: ") + range});
    BOOST_TEST(reply.status == 200, range);
    BOOST_TEST(reply.body == sample_png(), range);
  }
  test_support::request_options head;
  head.headers = {"Range: bytes=0-9"};
  BOOST_TEST(client.send("HEAD", original(), "", head).status == 200);
}

// RFC 9110 section 13.1.5: If-Range keeps the range only for the current
// strong validator.
BOOST_AUTO_TEST_CASE(if_range_applies_the_range_only_to_the_same_bytes) {
  auto etag = client.get(original()).header("ETag");
  BOOST_TEST(client.get(original(), {"Range: bytes=0-3", "If-Range: " + etag}).status == 206);
  BOOST_TEST(client.get(original(), {"Range: bytes=0-3", "If-Range: \"older\""}).status == 200);
  BOOST_TEST(client.get(original(), {"Range: bytes=0-3", "If-Range: W/" + etag}).status == 200);
  BOOST_TEST(client.get(original(), {"Range: bytes=0-3", "If-Range: Sun, 06 Nov 1994 08:49:37 GMT"})
                 .status == 200);
}

BOOST_AUTO_TEST_CASE(without_a_cors_origin_no_cors_headers_are_sent) {
  auto reply = client.get(original(), {"Origin: https://dashboard.example"});
  BOOST_TEST(reply.status == 200);
  BOOST_TEST(!reply.has_header("Access-Control-Allow-Origin"));
}

BOOST_AUTO_TEST_CASE(a_configured_origin_may_read_answers_and_their_headers) {
  http_test::server_fixture cors(with_cors("https://dashboard.example"));
  auto uploaded =
      cors.client.send("POST", "/v1/images", sample_png(), {{"Origin: https://dashboard.example"}});
  BOOST_TEST(uploaded.status == 201);
  BOOST_TEST(uploaded.header("Access-Control-Allow-Origin") == "https://dashboard.example");
  auto exposed = uploaded.header("Access-Control-Expose-Headers");
  BOOST_TEST(exposed.find("Location") != std::string::npos, exposed);
  BOOST_TEST(exposed.find("ETag") != std::string::npos, exposed);
  BOOST_TEST(uploaded.header("Vary") == "Origin");

  auto stranger = cors.client.get("/v1/images", {"Origin: https://elsewhere.example"});
  BOOST_TEST(stranger.status == 200);
  BOOST_TEST(!stranger.has_header("Access-Control-Allow-Origin"));
  BOOST_TEST(stranger.header("Vary") == "Origin");
}

BOOST_AUTO_TEST_CASE(preflights_are_answered_without_a_key) {
  auto options = with_cors("*");
  options.api_keys = {{"camera-7", http_api::key_scope::device, model::sha256_hex("k3y")}};
  http_test::server_fixture cors(options);
  test_support::request_options preflight;
  preflight.headers = {"Origin: https://dashboard.example", "Access-Control-Request-Method: POST",
                       "Access-Control-Request-Headers: authorization, idempotency-key"};
  auto reply = cors.client.send("OPTIONS", "/v1/images", "", preflight);
  BOOST_TEST(reply.status == 200);
  BOOST_TEST(reply.header("Access-Control-Allow-Origin") == "*");
  BOOST_TEST(reply.header("Access-Control-Allow-Methods") == "POST, GET, HEAD, OPTIONS");
  auto allowed = reply.header("Access-Control-Allow-Headers");
  BOOST_TEST(allowed.find("Authorization") != std::string::npos, allowed);
  BOOST_TEST(allowed.find("Idempotency-Key") != std::string::npos, allowed);
  BOOST_TEST(!reply.header("Access-Control-Max-Age").empty());

  // The request itself still needs the key, and its refusal is readable.
  auto refused = cors.client.get("/v1/images", {"Origin: https://dashboard.example"});
  BOOST_TEST(refused.status == 401);
  BOOST_TEST(refused.header("Access-Control-Allow-Origin") == "*");
  // With a key, shared caches may not keep content (RFC 9111 section 3.5).
  auto id = cors.client.send("POST", "/v1/images", sample_png(), {{"Authorization: Bearer k3y"}})
                .json()["id"]
                .get<std::string>();
  BOOST_TEST(cors.client.get("/v1/images/" + id + "/original", {"Authorization: Bearer k3y"})
                 .header("Cache-Control") == "private, max-age=31536000, immutable");
}

BOOST_AUTO_TEST_SUITE_END()
