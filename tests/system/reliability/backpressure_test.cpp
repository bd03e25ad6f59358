// Backpressure: commands beyond worker.queue-limit and uploads beyond
// storage.max-pending-uploads are refused with 503 overloaded and a
// Retry-After, leaving nothing behind; everything accepted is kept and
// runs once workers come; memory stays bounded under an upload flood.

#include <boost/test/unit_test.hpp>

#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "actors/model/digest.hpp"
#include "tests/system/integration/samples.hpp"
#include "tests/system/integration/standalone_node.hpp"
#include "tests/system/reliability/stored_images.hpp"
#include "tests/system/security/node_memory.hpp"

namespace reliability {

namespace {

using integration::error_code_of;
using integration::image_path;

constexpr std::size_t queue_limit = 5;
constexpr std::size_t images_waiting = queue_limit + 3;
constexpr std::size_t flood_clients = 12;
constexpr std::size_t uploads_per_client = 4;
/// What the node may grow by while it takes a flood of uploads of about
/// 1 MiB each: RocksDB memtables and caches, bodies being received.
constexpr std::uint64_t rss_growth_limit_kib = 150 * 1024;

/// Checks the answer of a request refused for overload.
void expect_overloaded(const test_support::http_reply& reply, const std::string& what) {
  BOOST_TEST(reply.status == 503, what << " answered " << reply.status << ": " << reply.body);
  if (reply.status != 503)
    return;
  BOOST_TEST(error_code_of(reply) == "overloaded", what);
  BOOST_TEST(reply.header("Retry-After") == "1", what);
}

std::size_t versions_of(const test_support::http_client& client, const std::string& id) {
  return client.get(image_path(id)).json()["versions"].size();
}

/// One upload of the flood: its image when it got 201, "" when 503.
struct flood_answer {
  long status = 0;
  std::string id;
  std::string sha256; // of the bytes sent
  std::string refusal_code;
  std::string retry_after;
};

/// A worker node with `workers` workers joining `node`.
void start_worker_node(integration::standalone_node& node, unsigned workers) {
  test_support::node_options worker;
  worker.name = "worker";
  worker.args = {"--node.role=worker",
                 "--cluster.head=127.0.0.1:" + std::to_string(node.process.cluster_port()),
                 "--worker.count=" + std::to_string(workers)};
  node.workspace.add(worker).start();
}

} // namespace

BOOST_AUTO_TEST_SUITE(backpressure)

// A head without workers: every accepted command waits in the queue. Each
// image runs one version at a time, so one command per image fills it.
BOOST_AUTO_TEST_CASE(
    commands_beyond_the_queue_limit_get_503_and_the_accepted_run_once_a_worker_joins) {
  integration::standalone_node node(
      {"--worker.count=0", "--worker.queue-limit=" + std::to_string(queue_limit)});
  std::vector<std::string> images;
  for (std::size_t i = 0; i < images_waiting; ++i)
    images.push_back(node.upload(integration::small_jpeg())["id"]);
  for (std::size_t i = 0; i < images.size(); ++i) {
    auto reply = node.client.post(image_path(images[i], "/commands"), "grayscale", "text/plain");
    if (i < queue_limit)
      BOOST_TEST(reply.status == 202, "command " << i + 1 << ": " << reply.body);
    else
      expect_overloaded(reply, "command " + std::to_string(i + 1));
  }
  expect_overloaded(node.client.post(image_path(images[0], "/commands"), "flop", "text/plain"),
                    "a second command on an image");
  expect_overloaded(node.client.post("/v1/images?profile=thumbnail", integration::small_jpeg(),
                                     "application/octet-stream"),
                    "an upload with a profile");

  start_worker_node(node, 2);
  for (std::size_t i = 0; i < images.size(); ++i) {
    if (i < queue_limit)
      BOOST_TEST(node.settled_version(images[i], 1)["status"] == "done", images[i]);
    BOOST_TEST(versions_of(node.client, images[i]) == (i < queue_limit ? 1u : 0u), images[i]);
  }
  BOOST_TEST(all_images(node.client).size() == images.size());
  BOOST_TEST(
      node.client.post(image_path(images.back(), "/commands"), "flop", "text/plain").status == 202);
}

// An image runs one version at a time and holds the others back: those
// wait for a worker as much as queued jobs do, and count against the limit.
BOOST_AUTO_TEST_CASE(commands_waiting_behind_one_image_count_against_the_queue_limit) {
  integration::standalone_node node(
      {"--worker.count=0", "--worker.queue-limit=" + std::to_string(queue_limit)});
  std::string id = node.upload(integration::small_jpeg())["id"];
  auto path = image_path(id, "/commands");
  for (std::size_t accepted = 1; accepted <= queue_limit; ++accepted)
    BOOST_TEST_REQUIRE(node.client.post(path, "flop", "text/plain").status == 202);
  expect_overloaded(node.client.post(path, "flop", "text/plain"),
                    "command " + std::to_string(queue_limit + 1) + " on one image");
  BOOST_TEST(versions_of(node.client, id) == queue_limit);

  start_worker_node(node, 1);
  for (std::uint32_t number = 1; number <= queue_limit; ++number)
    BOOST_TEST(node.settled_version(id, number)["status"] == "done", number);
  // Nothing waits any more: the image takes commands again.
  BOOST_TEST(node.client.post(path, "flop", "text/plain").status == 202);
  BOOST_TEST(node.settled_version(id, queue_limit + 1)["status"] == "done");
}

BOOST_AUTO_TEST_CASE(an_upload_flood_beyond_max_pending_uploads_gets_503_and_every_201_is_stored) {
  integration::standalone_node node({"--worker.count=1", "--storage.max-pending-uploads=2"});
  std::vector<std::string> bodies;
  for (std::size_t i = 0; i < flood_clients; ++i)
    bodies.push_back(integration::noisy_jpeg(1000, 1000));
  auto pid = security_test::node_pid(node.process.http_port());
  auto rss_before = security_test::resident_kib(pid);

  std::vector<std::vector<flood_answer>> answers(flood_clients);
  std::vector<std::string> failures(flood_clients);
  std::vector<std::thread> clients;
  for (std::size_t c = 0; c < flood_clients; ++c)
    clients.emplace_back([&, c] {
      test_support::http_client client(node.process.http_port());
      try {
        for (std::size_t i = 0; i < uploads_per_client; ++i) {
          auto reply = client.post("/v1/images", bodies[c], "application/octet-stream");
          flood_answer answer{reply.status, "", model::sha256_hex(bodies[c]), "", ""};
          if (reply.status == 201)
            answer.id = reply.json()["id"];
          else if (reply.status == 503)
            answer.refusal_code = reply.json()["error"]["code"];
          answer.retry_after = reply.header("Retry-After");
          answers[c].push_back(std::move(answer));
        }
      } catch (const std::exception& failure) {
        failures[c] = failure.what();
      }
    });
  for (auto& client : clients)
    client.join();
  auto rss_after = security_test::resident_kib(pid);

  std::map<std::string, std::string> created; // id -> sha256
  std::size_t refused = 0;
  for (std::size_t c = 0; c < flood_clients; ++c) {
    BOOST_TEST_REQUIRE(failures[c].empty(), failures[c]);
    for (const auto& answer : answers[c]) {
      BOOST_TEST((answer.status == 201 || answer.status == 503), answer.status);
      if (answer.status == 201)
        created[answer.id] = answer.sha256;
      if (answer.status == 503) {
        ++refused;
        BOOST_TEST(answer.refusal_code == "overloaded");
        BOOST_TEST(answer.retry_after == "1");
      }
    }
  }
  BOOST_TEST(refused > 0u, "no upload of the flood was refused");
  BOOST_TEST(!created.empty(), "no upload of the flood was stored");
  auto stored = all_images(node.client);
  BOOST_TEST(stored.size() == created.size(), "refused uploads must leave nothing");
  for (const auto& [id, sha256] : created) {
    auto original = node.client.get(image_path(id, "/original"));
    BOOST_TEST(original.status == 200, id);
    BOOST_TEST(model::sha256_hex(original.body) == sha256, id);
  }
  // Once the flood is over, nothing is left pending: uploads are taken again.
  node.upload(integration::small_png());
  BOOST_TEST(rss_after - std::min(rss_after, rss_before) < rss_growth_limit_kib,
             "RSS " << rss_before << " KiB -> " << rss_after << " KiB");
  std::cout << "upload flood: " << created.size() << " stored, " << refused << " refused (503) of "
            << flood_clients * uploads_per_client << " uploads of " << bodies[0].size()
            << " bytes; node RSS " << rss_before << " KiB -> " << rss_after << " KiB" << std::endl;
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace reliability
