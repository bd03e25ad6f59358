// Image actors stop after images.idle-timeout and come back from storage
// when asked for: an idle image stays whole and readable and takes
// commands, and a request that arrives just as its actor stops is never
// lost.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "tests/system/integration/samples.hpp"
#include "tests/system/integration/standalone_node.hpp"

namespace reliability {

namespace {

using integration::image_path;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr milliseconds idle_timeout{1000};
/// How long each image stays idle before its next request: densely around
/// the idle timeout, where its actor offers to stop, and once well past
/// it, when the actor surely stopped.
const std::vector<milliseconds> idle_spans{
    milliseconds(900),  milliseconds(960),  milliseconds(990),  milliseconds(1000),
    milliseconds(1010), milliseconds(1020), milliseconds(1040), milliseconds(1070),
    milliseconds(1100), milliseconds(1150), milliseconds(1250), milliseconds(2500)};

struct idle_image {
  std::string id;
  milliseconds idle_for;
  steady_clock::time_point last_request;
  std::string first_result; // content of version 1 once done
};

/// Calls `request` for each image once it has been idle for its span,
/// earliest first, and notes when each was last asked. Time passing is the
/// stimulus here, not a way to order events: whatever an actor does at that
/// moment, the request must be answered in full.
void after_idle_spans(std::vector<idle_image>& images,
                      const std::function<void(const idle_image&)>& request) {
  std::sort(images.begin(), images.end(), [](const idle_image& a, const idle_image& b) {
    return a.last_request + a.idle_for < b.last_request + b.idle_for;
  });
  for (auto& image : images) {
    std::this_thread::sleep_until(image.last_request + image.idle_for);
    BOOST_TEST_CONTEXT("after " << image.idle_for.count() << " ms idle") {
      request(image);
    }
    image.last_request = steady_clock::now();
  }
}

} // namespace

BOOST_AUTO_TEST_SUITE(passivation)

BOOST_AUTO_TEST_CASE(requests_around_the_idle_timeout_are_never_lost) {
  integration::standalone_node node(
      {"--worker.count=1", "--images.idle-timeout=" + std::to_string(idle_timeout.count()) + "ms"});
  const auto& original = integration::small_png();
  std::vector<idle_image> images;
  for (auto span : idle_spans)
    images.push_back({node.upload(original)["id"], span, steady_clock::now(), ""});

  after_idle_spans(images, [&](const idle_image& image) {
    auto reply = node.client.post(image_path(image.id, "/commands"), "flop", "text/plain");
    BOOST_TEST(reply.status == 202, reply.body);
  });
  for (auto& image : images) {
    BOOST_TEST(node.settled_version(image.id, 1)["status"] == "done", image.id);
    image.first_result = node.client.get(image_path(image.id, "/versions/1/content")).body;
    image.last_request = steady_clock::now();
  }

  // The actors that stopped are made again from storage, whole.
  after_idle_spans(images, [&](const idle_image& image) {
    auto stored = node.client.get(image_path(image.id)).json();
    BOOST_TEST(stored["versions"].size() == 1u, stored.dump());
    BOOST_TEST(stored["versions"][0]["status"] == "done", stored.dump());
    BOOST_TEST(node.client.get(image_path(image.id, "/original")).body == original);
    BOOST_TEST(node.client.get(image_path(image.id, "/content")).body == image.first_result);
  });
  after_idle_spans(images, [&](const idle_image& image) {
    auto reply =
        node.client.post(image_path(image.id, "/commands?wait=30"), "grayscale", "text/plain");
    BOOST_TEST(reply.status == 200, reply.body);
    BOOST_TEST(reply.json()["version"] == 2, reply.body);
    BOOST_TEST(reply.json()["status"] == "done", reply.body);
  });
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace reliability
