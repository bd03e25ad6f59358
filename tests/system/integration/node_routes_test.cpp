// Every endpoint of the API, against a real caf-node.

#include <boost/test/unit_test.hpp>

#include <string>

#include "actors/model/digest.hpp"
#include "actors/model/image_id.hpp"
#include "tests/support/deadline.hpp"
#include "tests/support/test_images.hpp"
#include "tests/system/integration/samples.hpp"
#include "tests/system/integration/standalone_node.hpp"

namespace integration {

namespace {

std::string versions_path(const std::string& id, int number, const std::string& rest = "") {
  return image_path(id, "/versions/" + std::to_string(number) + rest);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(api, standalone_node)

BOOST_AUTO_TEST_CASE(health_catalog_and_profiles) {
  auto health = client.get("/health");
  BOOST_TEST(health.status == 200);
  BOOST_TEST(health.json() == nlohmann::json({{"status", "ok"}}));

  auto catalog = client.get("/v1/operations");
  BOOST_TEST_REQUIRE(catalog.status == 200);
  bool has_resize = false;
  auto operations = catalog.json()["operations"];
  for (const auto& operation : operations)
    has_resize = has_resize || (operation["name"] == "resize" &&
                                operation["syntax"] == "resize <width> <height>" &&
                                operation["params"].size() == 2u);
  BOOST_TEST(has_resize);

  auto profiles = client.get("/v1/profiles");
  BOOST_TEST_REQUIRE(profiles.status == 200);
  std::string names;
  auto listed = profiles.json()["profiles"];
  for (const auto& profile : listed)
    names += profile["name"].get<std::string>() + " ";
  BOOST_TEST(names == "archive-png qa-measure qa-normalize thumbnail ");
}

BOOST_AUTO_TEST_CASE(raw_upload_answers_201_with_the_image) {
  auto reply = client.post("/v1/images", small_png(), "image/png");
  BOOST_TEST_REQUIRE(reply.status == 201);
  auto image = reply.json();
  std::string id = image["id"];
  BOOST_TEST(model::is_valid_image_id(id));
  BOOST_TEST(reply.header("Location") == image_path(id));
  BOOST_TEST(image["format"] == "PNG");
  BOOST_TEST(image["width"] == 64);
  BOOST_TEST(image["height"] == 48);
  BOOST_TEST(image["bytes"] == small_png().size());
  BOOST_TEST(image["sha256"] == model::sha256_hex(small_png()));
  BOOST_TEST(image["profile"].is_null());
  BOOST_TEST(image["versions"] == nlohmann::json::array());

  auto fetched = client.get(image_path(id));
  BOOST_TEST(fetched.status == 200);
  BOOST_TEST(fetched.json() == image);
}

BOOST_AUTO_TEST_CASE(multipart_upload_stores_the_image_field_with_or_without_a_profile) {
  auto reply = client.post_file_field("/v1/images", "image", small_jpeg());
  BOOST_TEST_REQUIRE(reply.status == 201);
  auto image = reply.json();
  BOOST_TEST(image["format"] == "JPEG");
  BOOST_TEST(image["sha256"] == model::sha256_hex(small_jpeg()));
  BOOST_TEST(client.get(image_path(image["id"], "/original")).body == small_jpeg());

  auto archived = client.post_file_field("/v1/images?profile=archive-png", "image", small_jpeg());
  BOOST_TEST_REQUIRE(archived.status == 201, archived.body);
  BOOST_TEST(archived.json()["profile"] == "archive-png");
  auto version = settled_version(archived.json()["id"], 1);
  BOOST_TEST(version["status"] == "done");
  BOOST_TEST(version["format"] == "PNG");
}

BOOST_AUTO_TEST_CASE(upload_with_a_profile_queues_its_version) {
  auto image = upload(small_jpeg(), "?profile=thumbnail");
  BOOST_TEST(image["profile"] == "thumbnail");
  BOOST_TEST_REQUIRE(image["versions"].size() == 1u);
  auto version = settled_version(image["id"], 1);
  BOOST_TEST(version["status"] == "done");
  BOOST_TEST(version["format"] == "JPEG");
  BOOST_TEST(version["width"] == 256);
  BOOST_TEST(version["height"] == 192);
}

BOOST_AUTO_TEST_CASE(listing_pages_newest_first_until_next_is_null) {
  std::string first = upload(small_png())["id"];
  std::string second = upload(small_jpeg())["id"];
  std::string third = upload(small_png())["id"];

  auto page = client.get("/v1/images?limit=2").json();
  BOOST_TEST_REQUIRE(page["images"].size() == 2u);
  BOOST_TEST(page["images"][0]["id"] == third);
  BOOST_TEST(page["images"][1]["id"] == second);
  BOOST_TEST(page["next"] == second);

  auto last = client.get("/v1/images?limit=2&before=" + second).json();
  BOOST_TEST_REQUIRE(last["images"].size() == 1u);
  BOOST_TEST(last["images"][0]["id"] == first);
  BOOST_TEST(last["next"].is_null());

  auto all = client.get("/v1/images").json();
  BOOST_TEST(all["images"].size() == 3u);
  BOOST_TEST(all["next"].is_null());
}

BOOST_AUTO_TEST_CASE(original_is_byte_identical_with_type_and_etag) {
  std::string id = upload(small_png())["id"];
  auto original = client.get(image_path(id, "/original"));
  BOOST_TEST_REQUIRE(original.status == 200);
  BOOST_TEST(original.body == small_png());
  BOOST_TEST(original.header("Content-Type") == "image/png");
  auto etag = original.header("ETag");
  BOOST_TEST(etag == "\"" + model::sha256_hex(small_png()) + "\"");

  auto unchanged = client.get(image_path(id, "/original"), {"If-None-Match: " + etag});
  BOOST_TEST(unchanged.status == 304);
  BOOST_TEST(unchanged.body.empty());
  BOOST_TEST(unchanged.header("ETag") == etag);

  auto changed = client.get(image_path(id, "/original"), {"If-None-Match: \"other\""});
  BOOST_TEST(changed.status == 200);
  BOOST_TEST(changed.body == small_png());
}

BOOST_AUTO_TEST_CASE(content_is_the_original_until_a_version_is_done) {
  std::string id = upload(small_jpeg())["id"];
  auto before = client.get(image_path(id, "/content"));
  BOOST_TEST(before.status == 200);
  BOOST_TEST(before.body == small_jpeg());
  BOOST_TEST(before.header("Content-Type") == "image/jpeg");

  auto done = client.post(image_path(id, "/commands?wait=30"), "format png", "text/plain");
  BOOST_TEST_REQUIRE(done.status == 200);
  auto latest = client.get(image_path(id, "/content"));
  BOOST_TEST(latest.status == 200);
  BOOST_TEST(latest.header("Content-Type") == "image/png");
  BOOST_TEST(latest.body == client.get(versions_path(id, 1, "/content")).body);
  BOOST_TEST(model::sha256_hex(latest.body) == done.json()["sha256"]);
}

BOOST_AUTO_TEST_CASE(json_command_with_wait_answers_200_with_the_done_version) {
  std::string id = upload(small_jpeg())["id"];
  auto reply = client.post(image_path(id, "/commands?wait=30"),
                           R"({"ops":[{"op":"resize","width":200,"height":200},{"op":"flip"}]})",
                           "application/json");
  BOOST_TEST_REQUIRE(reply.status == 200, reply.body);
  BOOST_TEST(reply.header("Location") == versions_path(id, 1));
  auto version = reply.json();
  BOOST_TEST(version["version"] == 1);
  BOOST_TEST(version["status"] == "done");
  BOOST_TEST(version["base"] == "latest");
  BOOST_TEST(version["width"] == 200);
  BOOST_TEST(version["height"] == 150);
  BOOST_TEST(version["ops"][0] ==
             nlohmann::json({{"op", "resize"}, {"width", 200}, {"height", 200}}));
}

BOOST_AUTO_TEST_CASE(command_without_wait_answers_202_then_the_version_gets_done) {
  std::string id = upload(small_jpeg())["id"];
  auto reply = client.post(image_path(id, "/commands"), "rotate 90\n", "text/plain");
  BOOST_TEST_REQUIRE(reply.status == 202, reply.body);
  BOOST_TEST(reply.header("Location") == versions_path(id, 1));
  BOOST_TEST(reply.json()["status"] != "done");

  auto version = settled_version(id, 1);
  BOOST_TEST(version["status"] == "done");
  BOOST_TEST(version["width"] == 300);
  BOOST_TEST(version["height"] == 400);
  auto content = client.get(versions_path(id, 1, "/content"));
  BOOST_TEST_REQUIRE(content.status == 200);
  BOOST_TEST(content.header("Content-Type") == "image/jpeg");
  auto decoded = test_images::decode(content.body);
  BOOST_TEST(decoded.columns() == 300u);
  BOOST_TEST(decoded.rows() == 400u);
}

BOOST_AUTO_TEST_CASE(text_command_applies_to_the_base_from_the_query) {
  std::string id = upload(small_jpeg())["id"];
  BOOST_TEST_REQUIRE(
      client.post(image_path(id, "/commands?wait=30"), "rotate 90", "text/plain").status == 200);
  auto reply = client.post(image_path(id, "/commands?wait=30&base=original"), "crop 100 50 0 0",
                           "text/plain");
  BOOST_TEST_REQUIRE(reply.status == 200, reply.body);
  auto version = reply.json();
  BOOST_TEST(version["base"] == "original");
  BOOST_TEST(version["width"] == 100);
  BOOST_TEST(version["height"] == 50);
}

BOOST_AUTO_TEST_CASE(delete_answers_204_then_everything_is_gone) {
  std::string id = upload(small_jpeg())["id"];
  BOOST_TEST_REQUIRE(
      client.post(image_path(id, "/commands?wait=30"), "flop", "text/plain").status == 200);
  auto deleted = client.del(image_path(id));
  BOOST_TEST(deleted.status == 204);
  BOOST_TEST(deleted.body.empty());

  for (const auto& path : {image_path(id), image_path(id, "/original"), image_path(id, "/content"),
                           versions_path(id, 1), versions_path(id, 1, "/content")}) {
    auto gone = client.get(path);
    BOOST_TEST(gone.status == 404, path);
    BOOST_TEST(error_code_of(gone) == "not_found", path);
  }
  BOOST_TEST(client.del(image_path(id)).status == 404);
  BOOST_TEST(client.get("/v1/images").json()["images"].empty());
}

// The node and the worker processes it runs are listed; the job of the
// command is counted on whichever ran it.
BOOST_AUTO_TEST_CASE(cluster_lists_the_nodes_with_their_finished_jobs) {
  std::string id = upload(small_jpeg())["id"];
  BOOST_TEST_REQUIRE(
      client.post(image_path(id, "/commands?wait=30"), "flip", "text/plain").status == 200);
  nlohmann::json nodes;
  auto completed = [&] {
    int sum = 0;
    for (const auto& node : nodes)
      sum += node["completed"].get<int>();
    return sum;
  };
  bool counted = test_support::poll_until(
      [&] {
        nodes = client.get("/v1/cluster").json()["nodes"];
        return completed() == 1;
      },
      test_support::deadline::in(job_limit));
  BOOST_TEST_REQUIRE(counted, nodes.dump());
  BOOST_TEST(nodes[0]["id"] == "node", nodes.dump());
  int workers = 0;
  for (const auto& node : nodes) {
    BOOST_TEST(node["state"] == "up", node.dump());
    BOOST_TEST(node["failed"] == 0, node.dump());
    BOOST_TEST(node["in_flight"] == 0, node.dump());
    workers += node["workers"].get<int>();
  }
  BOOST_TEST(workers >= 1);
}

BOOST_AUTO_TEST_CASE(the_node_that_ran_a_job_shows_it_in_its_last_minute_and_drains) {
  std::string id = upload(small_jpeg())["id"];
  auto done = client.post(image_path(id, "/commands?wait=30"), "flop", "text/plain");
  BOOST_TEST_REQUIRE(done.status == 200, done.body);
  std::string ran_on = done.json()["node"];
  nlohmann::json cluster;
  nlohmann::json ran;
  bool seen = test_support::poll_until(
      [&] {
        cluster = client.get("/v1/cluster").json();
        for (const auto& node : cluster["nodes"])
          if (node["id"] == ran_on && node["last_minute"]["jobs"] >= 1)
            ran = node;
        return !ran.is_null();
      },
      test_support::deadline::in(job_limit));
  BOOST_TEST_REQUIRE(seen, cluster.dump());
  BOOST_TEST(ran["last_minute"]["p50_ms"] >= 0.0);
  BOOST_TEST(ran["last_minute"]["p99_ms"] >= ran["last_minute"]["p50_ms"]);
  BOOST_TEST(cluster["last_minute"]["jobs"] >= 1);
  BOOST_TEST(cluster["queue_depth"] == 0);
  BOOST_TEST(cluster["window_seconds"] == 60);

  auto drained = client.post("/v1/cluster/nodes/" + ran_on + "/drain", "", "text/plain");
  BOOST_TEST_REQUIRE(drained.status == 200, drained.body);
  BOOST_TEST(drained.json()["state"] == "draining");
  auto undrained = client.post("/v1/cluster/nodes/" + ran_on + "/undrain", "", "text/plain");
  BOOST_TEST(undrained.json()["state"] == "up");
  BOOST_TEST(client.post("/v1/cluster/nodes/no-such-node/drain", "", "text/plain").status == 404);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace integration
