// Queries on GET /v1/images against a real caf-node: labels, profile,
// outcome and time range select exactly their images, newest first, page by
// page, and still do after a kill -9.

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "tests/system/integration/samples.hpp"
#include "tests/system/integration/standalone_node.hpp"

namespace integration {

namespace {

using ids = std::vector<std::string>;

struct queried_node : standalone_node {
  /// Every image `query` selects, read with pages of `limit`.
  ids all_pages(const std::string& query, int limit = 1) {
    ids found;
    std::string cursor;
    do {
      auto path = "/v1/images?limit=" + std::to_string(limit) + "&" + query +
                  (cursor.empty() ? "" : "&before=" + cursor);
      auto reply = client.get(path);
      BOOST_TEST_REQUIRE(reply.status == 200, path << ": " << reply.body);
      auto page = reply.json();
      for (const auto& image : page["images"])
        found.push_back(image["id"]);
      cursor = page["next"].is_null() ? "" : page["next"].get<std::string>();
    } while (!cursor.empty());
    return found;
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(queries, queried_node)

BOOST_AUTO_TEST_CASE(each_condition_selects_exactly_its_images_across_pages_and_restarts) {
  std::string a = upload(small_jpeg(), "?label=line:3&label=station:7")["id"];
  std::string b = upload(small_jpeg(), "?label=line:3&label=station:8&profile=thumbnail")["id"];
  std::string c = upload(small_png(), "?label=line:4&label=station:7")["id"];
  std::string d = upload(small_jpeg(), "?label=line:3&label=station:7")["id"];
  BOOST_TEST(settled_version(b, 1)["status"] == "done");
  command_text(c, "crop 10 10 5000 5000");
  BOOST_TEST(settled_version(c, 1)["status"] == "failed");
  command_text(d, "grayscale");
  BOOST_TEST(settled_version(d, 1)["status"] == "done");

  auto check = [&] {
    BOOST_TEST(all_pages("label=line:3") == (ids{d, b, a}));
    BOOST_TEST(all_pages("label=line:3&label=station%3A7", 2) == (ids{d, a}));
    BOOST_TEST(all_pages("label=station:7&label=line:4") == (ids{c}));
    BOOST_TEST(all_pages("label=line:9").empty());
    BOOST_TEST(all_pages("profile=thumbnail") == (ids{b}));
    BOOST_TEST(all_pages("status=done") == (ids{d, b}));
    BOOST_TEST(all_pages("status=failed&label=line:4") == (ids{c}));
    BOOST_TEST(all_pages("status=pending").empty());
    BOOST_TEST(all_pages("since=" + b + "&until=" + d) == (ids{c, b}));
    BOOST_TEST(all_pages("since=2000-01-01T00:00:00Z&until=2999-01-01T00:00:00%2B01:00", 3) ==
               (ids{d, c, b, a}));
    BOOST_TEST(all_pages("until=2000-01-01T00:00:00Z").empty());
  };
  check();
  process.kill_hard();
  start_again();
  check();

  // Deleted images leave every answer; a new command moves its image.
  BOOST_TEST(client.del(image_path(a)).status == 204);
  BOOST_TEST(all_pages("label=line:3&label=station:7") == (ids{d}));
  command_text(b, "crop 10 10 5000 5000");
  BOOST_TEST(settled_version(b, 2)["status"] == "failed");
  BOOST_TEST(all_pages("status=failed") == (ids{c, b}));
  BOOST_TEST(all_pages("status=done") == (ids{d}));
}

BOOST_AUTO_TEST_CASE(a_created_time_bounds_the_range_it_names) {
  auto first = upload(small_png(), "?label=shift:early");
  std::string created = first["created"];
  std::string id = first["id"];
  BOOST_TEST(all_pages("label=shift:early&since=" + created) == (ids{id}));
  BOOST_TEST(all_pages("label=shift:early&until=" + created).empty());
  auto bad = client.get("/v1/images?since=today");
  BOOST_TEST(bad.status == 400);
  BOOST_TEST(error_code_of(bad) == "invalid_request");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace integration
