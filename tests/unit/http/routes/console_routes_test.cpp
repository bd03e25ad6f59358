// The web console's files as the node serves them.

#include <boost/test/unit_test.hpp>

#include <regex>
#include <string>

#include "http/routes/console_assets.hpp"
#include "tests/unit/http/server_fixture.hpp"

namespace {

std::size_t total_console_bytes() {
  std::size_t total = 0;
  for (const auto& asset : http_api::console_assets())
    total += asset.bytes.size();
  return total;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(console, http_test::server_fixture)

BOOST_AUTO_TEST_CASE(the_page_is_served_at_the_root_with_a_strict_policy) {
  auto page = client.get("/");
  BOOST_TEST_REQUIRE(page.status == 200);
  BOOST_TEST(page.header("Content-Type") == "text/html; charset=utf-8");
  BOOST_TEST(page.body.find("<!DOCTYPE html>") == 0);
  auto policy = page.header("Content-Security-Policy");
  BOOST_TEST(policy.find("default-src 'none'") != std::string::npos);
  BOOST_TEST(policy.find("script-src 'self'") != std::string::npos);
  BOOST_TEST(policy.find("unsafe") == std::string::npos);
  BOOST_TEST(page.header("X-Content-Type-Options") == "nosniff");
  BOOST_TEST(page.header("Referrer-Policy") == "no-referrer");
  BOOST_TEST(page.header("Cache-Control") == "no-cache");
  // The page's own query is the browser's business.
  BOOST_TEST(client.get("/?station=7").status == 200);
}

BOOST_AUTO_TEST_CASE(every_file_the_page_names_is_served_with_its_type) {
  auto page = client.get("/").body;
  std::regex reference(R"re((?:href|src)="(/console/[^"]+)")re");
  int found = 0;
  for (std::sregex_iterator it(page.begin(), page.end(), reference), end; it != end; ++it) {
    auto path = (*it)[1].str();
    auto reply = client.get(path);
    BOOST_TEST(reply.status == 200, path);
    auto type = reply.header("Content-Type");
    if (path.size() > 3 && path.substr(path.size() - 3) == ".js")
      BOOST_TEST(type == "text/javascript; charset=utf-8", path);
    if (path.size() > 4 && path.substr(path.size() - 4) == ".css")
      BOOST_TEST(type == "text/css; charset=utf-8", path);
    ++found;
  }
  BOOST_TEST(found >= 2); // a style sheet and a script at least
}

BOOST_AUTO_TEST_CASE(a_cached_file_is_revalidated_by_its_etag) {
  auto first = client.get("/console/console.js");
  BOOST_TEST_REQUIRE(first.status == 200);
  auto etag = first.header("ETag");
  BOOST_TEST_REQUIRE(etag.size() == 34u); // 32 hex digits, quoted
  auto again = client.get("/console/console.js", {"If-None-Match: " + etag});
  BOOST_TEST(again.status == 304);
  BOOST_TEST(again.body.empty());
  BOOST_TEST(again.header("ETag") == etag);
  BOOST_TEST(client.get("/console/console.js", {"If-None-Match: \"other\""}).status == 200);
  BOOST_TEST(client.get("/", {"If-None-Match: " + etag}).status == 200);
}

BOOST_AUTO_TEST_CASE(an_unknown_file_is_a_json_404) {
  auto reply = client.get("/console/missing.js");
  BOOST_TEST(reply.status == 404);
  BOOST_TEST(reply.json()["error"]["code"] == "not_found");
  BOOST_TEST(client.post("/", "x", "text/plain").status == 405);
}

BOOST_AUTO_TEST_CASE(the_console_weighs_under_200_kb) {
  BOOST_TEST(total_console_bytes() < 200u * 1024u);
}

BOOST_AUTO_TEST_SUITE_END()
