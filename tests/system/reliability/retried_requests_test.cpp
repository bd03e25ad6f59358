// Idempotency-Key over HTTP: a retried upload or command gets the first
// answer and creates nothing, also when the retries race each other; keys
// of commands belong to their image; keys are forgotten after
// storage.idempotency-ttl.

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "tests/system/integration/samples.hpp"
#include "tests/system/integration/standalone_node.hpp"
#include "tests/system/reliability/stored_images.hpp"

namespace reliability {

namespace {

using integration::image_path;
using test_support::deadline;

constexpr std::size_t racing_retries = 8;
/// Generous: the keys are remembered for a second.
constexpr std::chrono::seconds expiry_limit{10};
constexpr std::chrono::milliseconds expiry_poll_interval{100};

test_support::request_options with_key(const std::string& key) {
  test_support::request_options options;
  options.headers = {"Idempotency-Key: " + key};
  return options;
}

test_support::http_reply upload(const test_support::http_client& client, const std::string& key) {
  return client.post("/v1/images", integration::small_png(), "application/octet-stream",
                     with_key(key));
}

test_support::http_reply command(const test_support::http_client& client, const std::string& id,
                                 const std::string& key) {
  return client.post(image_path(id, "/commands"), "flop", "text/plain", with_key(key));
}

/// The id of an upload that must have answered 201.
std::string created_id(const test_support::http_reply& reply) {
  BOOST_TEST_REQUIRE(reply.status == 201, reply.body);
  return reply.json()["id"];
}

/// The version of a command that must have answered 202.
std::uint32_t created_version(const test_support::http_reply& reply) {
  BOOST_TEST_REQUIRE(reply.status == 202, reply.body);
  return reply.json()["version"];
}

std::size_t versions_of(const test_support::http_client& client, const std::string& id) {
  return client.get(image_path(id)).json()["versions"].size();
}

} // namespace

BOOST_AUTO_TEST_SUITE(idempotency)

BOOST_AUTO_TEST_CASE(a_retried_upload_gets_the_first_image_and_creates_none) {
  integration::standalone_node node({"--worker.count=1"});
  auto first = upload(node.client, "camera-7/frame-1");
  auto retry = upload(node.client, "camera-7/frame-1");
  BOOST_TEST(created_id(retry) == created_id(first));
  BOOST_TEST(retry.json() == first.json());
  BOOST_TEST(all_images(node.client).size() == 1u);
}

BOOST_AUTO_TEST_CASE(retries_racing_each_other_create_one_image) {
  integration::standalone_node node({"--worker.count=1"});
  std::vector<test_support::http_reply> replies(racing_retries);
  std::vector<std::string> failures(racing_retries);
  std::atomic<std::size_t> ready{0};
  std::vector<std::thread> retries;
  for (std::size_t i = 0; i < racing_retries; ++i)
    retries.emplace_back([&, i] {
      test_support::http_client client(node.process.http_port());
      // All send at once, as a client whose timeouts all fired would.
      ++ready;
      while (ready < racing_retries)
        std::this_thread::yield();
      try {
        replies[i] = upload(client, "race");
      } catch (const std::exception& failure) {
        failures[i] = failure.what();
      }
    });
  for (auto& retry : retries)
    retry.join();
  for (std::size_t i = 0; i < racing_retries; ++i) {
    BOOST_TEST_REQUIRE(failures[i].empty(), failures[i]);
    BOOST_TEST(created_id(replies[i]) == created_id(replies[0]));
  }
  BOOST_TEST(all_images(node.client).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_retried_command_gets_the_first_version_and_keys_belong_to_their_image) {
  integration::standalone_node node({"--worker.count=1"});
  std::string first_image = node.upload(integration::small_png())["id"];
  std::string second_image = node.upload(integration::small_png())["id"];

  auto first = command(node.client, first_image, "flop-1");
  auto retry = command(node.client, first_image, "flop-1");
  BOOST_TEST(created_version(first) == 1u);
  BOOST_TEST(created_version(retry) == 1u);
  BOOST_TEST(versions_of(node.client, first_image) == 1u);
  // The same key on another image is another command.
  BOOST_TEST(created_version(command(node.client, second_image, "flop-1")) == 1u);
  BOOST_TEST(versions_of(node.client, second_image) == 1u);
  BOOST_TEST(node.settled_version(first_image, 1)["status"] == "done");
  BOOST_TEST(node.settled_version(second_image, 1)["status"] == "done");
  BOOST_TEST(versions_of(node.client, first_image) == 1u);
}

// Each retry before the key expires must answer the first image and create
// nothing; the first one after creates the second image.
BOOST_AUTO_TEST_CASE(an_expired_key_is_a_new_request) {
  integration::standalone_node node({"--worker.count=1", "--storage.idempotency-ttl=1s"});
  auto first = created_id(upload(node.client, "expiring"));
  std::string second;
  bool expired = test_support::poll_until(
      [&] { return (second = created_id(upload(node.client, "expiring"))) != first; },
      deadline::in(expiry_limit), expiry_poll_interval);
  BOOST_TEST_REQUIRE(expired, "the key was never forgotten");
  BOOST_TEST(all_images(node.client).size() == 2u);

  auto version = created_version(command(node.client, first, "expiring"));
  std::uint32_t next = 0;
  expired = test_support::poll_until(
      [&] { return (next = created_version(command(node.client, first, "expiring"))) != version; },
      deadline::in(expiry_limit), expiry_poll_interval);
  BOOST_TEST_REQUIRE(expired, "the command's key was never forgotten");
  BOOST_TEST(next == version + 1);
  BOOST_TEST(versions_of(node.client, first) == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace reliability
