// Retention: beyond storage.retention-max-bytes the oldest images go and
// the disk the store takes stays bounded while uploads keep coming; images
// older than storage.retention-max-age go too.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "actors/housekeeping/reclaim_policy.hpp"
#include "tests/system/integration/samples.hpp"
#include "tests/system/integration/standalone_node.hpp"
#include "tests/system/integration/test_workspace.hpp"
#include "tests/system/reliability/node_processes.hpp"
#include "tests/system/reliability/stored_images.hpp"

namespace reliability {

namespace {

using integration::image_path;
using test_support::deadline;

constexpr std::uint64_t byte_budget = 3'000'000;
constexpr std::size_t uploads = 1000;
/// Images of about 200 KB: noise barely compresses.
constexpr unsigned image_side = 270;
/// RocksDB's write buffer as the node configures it (storage::store_options).
constexpr std::uintmax_t write_buffer = 16u << 20;
/// Bound of the disk the store may take while uploads outrun retention: the
/// write-ahead log (RocksDB keeps it within 4 write buffers); blob files
/// flushed from memtables before retention deletes their images (4 write
/// buffers: one being written, one flushed while housekeeping waits for its
/// next run, one being rewritten, one flushed meanwhile); the
/// garbage the store lets pile up before it rewrites blob files
/// (reclaim_policy::min_garbage_bytes); and the budget twice (the images
/// kept, and their copies during a rewrite). Measured on two busy cores:
/// a peak of 42 to 73 MB at 100 uploads/s, 128 to 137 MB at 400/s; 3.5 MB
/// once retention caught up.
constexpr std::uintmax_t disk_limit = 4 * write_buffer + 4 * write_buffer +
                                      actors::reclaim_policy::min_garbage_bytes + 2 * byte_budget;
constexpr std::chrono::milliseconds max_age{2000};
/// Generous bounds that only stop a hung test.
constexpr std::chrono::seconds retention_limit{20};
constexpr std::chrono::milliseconds listing_interval{100};

std::uint64_t listed_bytes(const std::vector<nlohmann::json>& images) {
  std::uint64_t total = 0;
  for (const auto& image : images)
    total += image["bytes"].get<std::uint64_t>();
  return total;
}

} // namespace

BOOST_AUTO_TEST_SUITE(retention)

BOOST_AUTO_TEST_CASE(a_byte_budget_bounds_the_disk_and_keeps_the_newest_images) {
  integration::standalone_node node({"--worker.count=1",
                                     "--storage.retention-max-bytes=" + std::to_string(byte_budget),
                                     "--storage.housekeeping-interval=200ms"});
  std::vector<std::string> pool;
  for (int i = 0; i < 4; ++i)
    pool.push_back(integration::noisy_jpeg(image_side, image_side));
  std::vector<std::string> ids; // oldest first
  std::uintmax_t peak_disk = 0;
  for (std::size_t i = 0; i < uploads; ++i) {
    ids.push_back(node.upload(pool[i % pool.size()])["id"]);
    peak_disk = std::max(peak_disk, bytes_under(node.process.storage_dir()));
  }

  // Retention catches up: what is left fits the budget.
  std::vector<nlohmann::json> kept;
  BOOST_TEST_REQUIRE(test_support::poll_until(
      [&] {
        kept = all_images(node.client);
        return listed_bytes(kept) <= byte_budget;
      },
      deadline::in(retention_limit), listing_interval));
  // ...and it is the newest images, whole.
  BOOST_TEST_REQUIRE(kept.size() >= byte_budget / pool[0].size() / 2);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    const auto& id = ids[ids.size() - 1 - i];
    BOOST_TEST(kept[i]["id"] == id);
    auto original = node.client.get(image_path(id, "/original"));
    BOOST_TEST(original.body == pool[(ids.size() - 1 - i) % pool.size()], id);
  }
  BOOST_TEST(node.client.get(image_path(ids.front())).status == 404);
  BOOST_TEST(node.client.get(image_path(ids.front(), "/original")).status == 404);
  auto final_disk = bytes_under(node.process.storage_dir());
  BOOST_TEST(peak_disk < disk_limit, "the store took " << peak_disk << " bytes");
  std::cout << "retention: " << uploads << " uploads of ~" << pool[0].size() << " bytes, budget "
            << byte_budget << ": " << kept.size() << " images (" << listed_bytes(kept)
            << " bytes) kept; store on disk peak " << peak_disk << " bytes, at the end "
            << final_disk << " bytes" << std::endl;
}

// The images are made by a node without retention, then a node on the
// same storage with a maximum age finds them old.
BOOST_AUTO_TEST_CASE(images_older_than_the_maximum_age_are_deleted) {
  integration::test_workspace workspace;
  test_support::node_options options;
  options.name = "without-retention";
  options.args = {"--worker.count=1"};
  auto& before = workspace.add(options);
  before.start();
  before.wait_until_healthy(deadline::in(integration::start_limit));
  test_support::http_client old_client(before.http_port());
  std::vector<std::string> old_ids;
  for (int i = 0; i < 3; ++i) {
    auto reply = old_client.post("/v1/images", integration::small_png(), "image/png");
    BOOST_TEST_REQUIRE(reply.status == 201, reply.body);
    old_ids.push_back(reply.json()["id"]);
  }
  auto done = old_client.post(image_path(old_ids[0], "/commands?wait=30"), "flop", "text/plain");
  BOOST_TEST_REQUIRE(done.status == 200, done.body);
  BOOST_TEST_REQUIRE(before.terminate(deadline::in(integration::start_limit)) == 0);

  options.name = "with-retention";
  options.args = {"--worker.count=1", "--storage.path=" + before.storage_dir().string(),
                  "--storage.retention-max-age=" + std::to_string(max_age.count()) + "ms",
                  "--storage.housekeeping-interval=200ms"};
  auto& after = workspace.add(options);
  after.start();
  after.wait_until_healthy(deadline::in(integration::start_limit));
  test_support::http_client client(after.http_port());
  BOOST_TEST_REQUIRE(test_support::poll_until([&] { return all_images(client).empty(); },
                                              deadline::in(retention_limit), listing_interval));
  for (const auto& id : old_ids)
    BOOST_TEST(client.get(image_path(id)).status == 404);

  // A young image stays until it is old in turn.
  auto fresh = client.post("/v1/images", integration::small_png(), "image/png");
  BOOST_TEST_REQUIRE(fresh.status == 201, fresh.body);
  auto fresh_path = image_path(fresh.json()["id"].get<std::string>(), "/original");
  BOOST_TEST(client.get(fresh_path).status == 200);
  BOOST_TEST(test_support::poll_until([&] { return client.get(fresh_path).status == 404; },
                                      deadline::in(retention_limit), listing_interval));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace reliability
