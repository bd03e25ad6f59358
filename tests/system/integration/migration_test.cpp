// A data folder written by the previous release (image bytes in RocksDB
// blob files, records of schema 2), made by previous_store/make_store.py and
// kept in previous_store/: this build serves every image and version in it
// as that release answered them, and keeps working on them.

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "actors/model/digest.hpp"
#include "tests/support/deadline.hpp"
#include "tests/system/integration/standalone_node.hpp"
#include "tests/system/integration/test_workspace.hpp"

namespace integration {

namespace {

namespace fs = std::filesystem;
using test_support::deadline;

/// Starts a node on the unpacked data folder of the previous release.
struct previous_store_node {
  previous_store_node() : process(workspace.add({})), client(process.http_port()) {
    auto home = process.storage_dir().parent_path();
    fs::create_directories(home);
    auto unpack =
        "tar -xzf '" + std::string(CAF_NODE_PREVIOUS_STORE) + "' -C '" + home.string() + "'";
    BOOST_TEST_REQUIRE(std::system(unpack.c_str()) == 0, unpack);
    std::ifstream manifest_file(process.storage_dir() / "manifest.json");
    manifest = nlohmann::json::parse(manifest_file);
    BOOST_TEST_REQUIRE(manifest["images"].size() == 3u);
    start();
  }

  void start() {
    process.start();
    process.wait_until_healthy(deadline::in(start_limit));
  }

  /// Every image of the manifest that is still there answers as the
  /// previous release did, bytes included.
  void expect_served_as_before(const std::string& except = "") {
    for (const auto& expected : manifest["images"]) {
      if (expected["id"] == except)
        continue;
      std::string id = expected["id"];
      auto image = client.get(image_path(id));
      BOOST_TEST_REQUIRE(image.status == 200, image.body);
      auto record = image.json();
      BOOST_TEST(record["sha256"] == expected["sha256"]);
      auto original = client.get(image_path(id, "/original"));
      BOOST_TEST(model::sha256_hex(original.body) == expected["sha256"].get<std::string>());
      const auto& versions = record["versions"];
      BOOST_TEST_REQUIRE(versions.size() >= expected["versions"].size(), id);
      for (const auto& version : expected["versions"]) {
        auto number = version["version"].get<std::uint32_t>();
        const auto& served = versions[number - 1];
        BOOST_TEST(served["status"] == version["status"], served.dump());
        if (version["status"] != "done")
          continue;
        BOOST_TEST(served["sha256"] == version["sha256"], served.dump());
        auto content =
            client.get(image_path(id, "/versions/" + std::to_string(number) + "/content"));
        BOOST_TEST(model::sha256_hex(content.body) == version["sha256"].get<std::string>());
      }
    }
  }

  test_workspace workspace;
  test_support::node_process& process;
  test_support::http_client client;
  nlohmann::json manifest;
};

} // namespace

BOOST_AUTO_TEST_SUITE(migration)

BOOST_AUTO_TEST_CASE(every_image_and_version_of_the_previous_release_is_served) {
  previous_store_node node;
  node.expect_served_as_before();
  auto listed = node.client.get("/v1/images").json()["images"];
  BOOST_TEST(listed.size() == 3u);

  // The first start indexed the old images: each is found by the outcome
  // of its newest version.
  std::map<std::string, std::set<std::string>> by_outcome;
  for (const auto& image : node.manifest["images"]) {
    const auto& versions = image["versions"];
    if (versions.empty())
      continue;
    std::string status = versions.back()["status"];
    by_outcome[status == "queued" || status == "running" ? "pending" : status].insert(
        image["id"].get<std::string>());
  }
  BOOST_TEST(!by_outcome.empty());
  for (const char* outcome : {"pending", "done", "failed"}) {
    auto page = node.client.get(std::string("/v1/images?status=") + outcome).json();
    std::set<std::string> found;
    for (const auto& image : page["images"])
      found.insert(image["id"].get<std::string>());
    BOOST_TEST((found == by_outcome[outcome]), outcome);
  }
}

// New versions of old images, the same bytes uploaded again, old images
// deleted: the old bytes and the new byte store live side by side.
BOOST_AUTO_TEST_CASE(old_images_take_new_commands_uploads_and_deletes) {
  previous_store_node node;
  const auto& first = node.manifest["images"][0];
  std::string old_id = first["id"];
  auto versions_before = first["versions"].size();
  auto command =
      node.client.post(image_path(old_id, "/commands?wait=30&base=original"), "flop", "text/plain");
  BOOST_TEST_REQUIRE(command.status == 200, command.body);
  BOOST_TEST(command.json()["status"] == "done");
  BOOST_TEST(command.json()["version"] == versions_before + 1);

  auto bytes = node.client.get(image_path(old_id, "/original")).body;
  auto again = node.client.post("/v1/images", bytes, "application/octet-stream");
  BOOST_TEST_REQUIRE(again.status == 201, again.body);
  std::string new_id = again.json()["id"];
  BOOST_TEST(node.client.del(image_path(old_id)).status == 204);
  BOOST_TEST(node.client.get(image_path(new_id, "/original")).body == bytes);

  BOOST_TEST(node.process.terminate(deadline::in(start_limit)) == 0);
  node.start();
  BOOST_TEST(node.client.get(image_path(old_id)).status == 404);
  BOOST_TEST(node.client.get(image_path(new_id, "/original")).body == bytes);
  node.expect_served_as_before(old_id);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace integration
