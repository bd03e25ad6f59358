// A node killed exactly between the steps of a write (storage/crash_point.hpp):
// after the bytes are synced, after they are published under their name,
// after a delete committed. Whatever the point, the restarted node holds no
// record without its bytes and no bytes without a record, and answers
// exactly what it acknowledged.

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

#include "actors/model/digest.hpp"
#include "tests/support/byte_store_files.hpp"
#include "tests/support/deadline.hpp"
#include "tests/support/node_process.hpp"
#include "tests/system/integration/samples.hpp"
#include "tests/system/integration/standalone_node.hpp"
#include "tests/system/integration/test_workspace.hpp"

namespace reliability {

namespace {

namespace fs = std::filesystem;
using integration::image_path;
using test_support::deadline;

constexpr int killed_by_sigkill = 128 + 9;

/// One node's storage, port and log, run either with a crash point set
/// (`crashing`) or without (`plain`).
struct crash_point_node {
  explicit crash_point_node(const std::string& point)
      : crashing(workspace.add(options_crashing_at(point))),
        plain(workspace.path() / crashing.name(), same_node_as(crashing)),
        client(crashing.http_port()) {}

  static test_support::node_options options_crashing_at(const std::string& point) {
    test_support::node_options options;
    options.command_prefix = {"env", "CAF_NODE_CRASH_AT=" + point};
    return options;
  }

  static test_support::node_options same_node_as(const test_support::node_process& node) {
    test_support::node_options options;
    options.name = node.name();
    options.http_port = node.http_port();
    options.cluster_port = node.cluster_port();
    return options;
  }

  void start(test_support::node_process& which) {
    which.start();
    which.wait_until_healthy(deadline::in(integration::start_limit));
  }

  /// The crashing node must die by its crash point, not otherwise.
  void expect_crash() {
    auto status = crashing.wait_for_exit(deadline::in(integration::job_limit));
    BOOST_TEST_REQUIRE(status.has_value(), "the node did not reach its crash point");
    BOOST_TEST(*status == killed_by_sigkill, crashing.log_tail(20));
  }

  fs::path byte_store() const {
    return crashing.storage_dir() / "bytes";
  }

  std::size_t blob_files() const {
    return test_support::blob_files(byte_store());
  }

  std::size_t temporaries() const {
    return test_support::temporaries(byte_store());
  }

  integration::test_workspace workspace;
  test_support::node_process& crashing;
  test_support::node_process plain;
  test_support::http_client client;
};

} // namespace

BOOST_AUTO_TEST_SUITE(crash_points)

BOOST_AUTO_TEST_CASE(an_upload_killed_before_its_record_leaves_nothing_behind) {
  for (const char* point : {"bytes-synced", "bytes-published"}) {
    BOOST_TEST_CONTEXT("crash point " << point) {
      crash_point_node node(point);
      auto bytes = integration::small_png();
      node.start(node.crashing);
      // The node dies before it answers.
      BOOST_CHECK_THROW(node.client.post("/v1/images", bytes, "image/png"), std::runtime_error);
      node.expect_crash();

      node.start(node.plain);
      BOOST_TEST(node.client.get("/v1/images").json()["images"].empty());
      BOOST_TEST(node.blob_files() == 0u);
      BOOST_TEST(node.temporaries() == 0u);
      auto stored = node.client.post("/v1/images", bytes, "image/png");
      BOOST_TEST_REQUIRE(stored.status == 201, stored.body);
      auto original = node.client.get(image_path(stored.json()["id"], "/original"));
      BOOST_TEST(original.body == bytes);
      BOOST_TEST(node.blob_files() == 1u);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_result_killed_before_its_record_is_computed_again_after_restart) {
  for (const char* point : {"bytes-synced", "bytes-published"}) {
    BOOST_TEST_CONTEXT("crash point " << point) {
      crash_point_node node(point);
      node.start(node.plain);
      auto uploaded = node.client.post("/v1/images", integration::small_png(), "image/png");
      BOOST_TEST_REQUIRE(uploaded.status == 201, uploaded.body);
      std::string id = uploaded.json()["id"];
      BOOST_TEST(node.plain.terminate(deadline::in(integration::start_limit)) == 0);

      node.start(node.crashing);
      auto accepted = node.client.post(image_path(id, "/commands"), "flip", "text/plain");
      BOOST_TEST_REQUIRE(accepted.status == 202, accepted.body);
      node.expect_crash();

      node.start(node.plain);
      auto done = test_support::poll_until(
          [&] { return node.client.get(image_path(id, "/versions/1")).json()["status"] == "done"; },
          deadline::in(integration::job_limit));
      BOOST_TEST_REQUIRE(done, node.plain.log_tail(20));
      auto version = node.client.get(image_path(id, "/versions/1")).json();
      auto content = node.client.get(image_path(id, "/versions/1/content"));
      BOOST_TEST(content.status == 200);
      BOOST_TEST(model::sha256_hex(content.body) == version["sha256"].get<std::string>());
      BOOST_TEST(node.blob_files() == 2u); // the original and the one result
      BOOST_TEST(node.temporaries() == 0u);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_delete_killed_before_its_file_goes_leaves_neither_record_nor_file) {
  crash_point_node node("record-deleted");
  node.start(node.crashing);
  auto uploaded = node.client.post("/v1/images", integration::small_png(), "image/png");
  BOOST_TEST_REQUIRE(uploaded.status == 201, uploaded.body);
  std::string id = uploaded.json()["id"];
  BOOST_TEST(node.blob_files() == 1u);
  BOOST_CHECK_THROW(node.client.del(image_path(id)), std::runtime_error);
  node.expect_crash();

  node.start(node.plain);
  BOOST_TEST(node.client.get(image_path(id)).status == 404);
  BOOST_TEST(node.blob_files() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace reliability
