// What a client sees of commands on a real caf-node: ordering, camera-size
// images, large uploads through curl.

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "actors/model/digest.hpp"
#include "tests/support/test_images.hpp"
#include "tests/system/integration/samples.hpp"
#include "tests/system/integration/standalone_node.hpp"

namespace integration {

namespace {

constexpr int client_threads = 4;
constexpr int requests_per_thread = 5;

// Runs `send` on client_threads threads at once, each with its own client,
// requests_per_thread times.
void from_parallel_clients(std::uint16_t port,
                           const std::function<void(const test_support::http_client&)>& send) {
  std::vector<std::thread> threads;
  for (int t = 0; t < client_threads; ++t)
    threads.emplace_back([&] {
      test_support::http_client client(port);
      for (int i = 0; i < requests_per_thread; ++i)
        send(client);
    });
  for (auto& thread : threads)
    thread.join();
}

Magick::Image content_of(const test_support::http_client& client, const std::string& id,
                         std::uint32_t version) {
  auto reply = client.get(image_path(id, "/versions/" + std::to_string(version) + "/content"));
  BOOST_TEST_REQUIRE(reply.status == 200, reply.body);
  return test_images::decode(reply.body);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(commands, standalone_node)

BOOST_AUTO_TEST_CASE(commands_sent_back_to_back_build_on_each_other) {
  std::string id = upload(small_jpeg())["id"]; // 400x300
  BOOST_TEST(command_text(id, "resize 200 150")["version"] == 1);
  BOOST_TEST(command_text(id, "rotate 90")["version"] == 2);
  BOOST_TEST(command_text(id, "grayscale")["version"] == 3);
  BOOST_TEST(command_text(id, "crop 100 50 10 20")["version"] == 4);

  struct expected {
    unsigned width, height;
  };
  const expected sizes[] = {{200, 150}, {150, 200}, {150, 200}, {100, 50}};
  for (std::uint32_t number = 1; number <= 4; ++number) {
    auto version = settled_version(id, number);
    BOOST_TEST_REQUIRE(version["status"] == "done", version.dump());
    BOOST_TEST(version["width"] == sizes[number - 1].width, "version " << number);
    BOOST_TEST(version["height"] == sizes[number - 1].height, "version " << number);
    auto image = content_of(client, id, number);
    BOOST_TEST(image.columns() == sizes[number - 1].width, "version " << number);
    BOOST_TEST(image.rows() == sizes[number - 1].height, "version " << number);
  }
  // Grayscale was applied to the rotated version; the crop to the gray one.
  BOOST_TEST(!looks_gray(content_of(client, id, 2)));
  BOOST_TEST(looks_gray(content_of(client, id, 3)));
  BOOST_TEST(looks_gray(content_of(client, id, 4)));
  BOOST_TEST(client.get(image_path(id, "/content")).body ==
             client.get(image_path(id, "/versions/4/content")).body);
}

BOOST_AUTO_TEST_CASE(camera_frames_become_small_gray_pngs) {
  struct frame {
    unsigned width, height, expected_width, expected_height;
  };
  for (const auto& [width, height, expected_width, expected_height] :
       {frame{4000, 3000, 320, 240}, frame{1920, 1080, 320, 180}}) {
    auto bytes = test_images::gradient(imaging::image_format::jpeg, width, height);
    auto image = upload(bytes);
    BOOST_TEST(image["format"] == "JPEG");
    BOOST_TEST(image["width"] == width);
    BOOST_TEST(image["height"] == height);

    auto reply = client.post(image_path(image["id"], "/commands?wait=30"),
                             "resize 320 240\ngrayscale\nformat png\n", "text/plain");
    BOOST_TEST_REQUIRE(reply.status == 200, reply.body);
    auto version = reply.json();
    BOOST_TEST(version["format"] == "PNG");
    BOOST_TEST(version["width"] == expected_width);
    BOOST_TEST(version["height"] == expected_height);

    auto content = client.get(image_path(image["id"], "/content"));
    BOOST_TEST(content.header("Content-Type") == "image/png");
    auto result = test_images::decode(content.body);
    BOOST_TEST(result.magick() == "PNG");
    BOOST_TEST(result.columns() == expected_width);
    BOOST_TEST(result.rows() == expected_height);
    BOOST_TEST(looks_gray(result));
    BOOST_TEST(client.get(image_path(image["id"], "/original")).body == bytes);
  }
}

// A camera resends a frame: the same operations on the same bytes take the
// first result over instead of running again, unless the client says not to.
BOOST_AUTO_TEST_CASE(an_equal_command_on_equal_bytes_reuses_the_result) {
  auto bytes = small_jpeg();
  std::string first = upload(bytes)["id"];
  std::string resent = upload(bytes)["id"];
  const std::string ops = "resize 200 150\ngrayscale\n";
  auto ran = client.post(image_path(first, "/commands?wait=30"), ops, "text/plain");
  BOOST_TEST_REQUIRE(ran.status == 200, ran.body);
  BOOST_TEST(!ran.json().contains("reused_from"), ran.body);

  auto reused = client.post(image_path(resent, "/commands?wait=30"), ops, "text/plain");
  BOOST_TEST_REQUIRE(reused.status == 200, reused.body);
  auto version = reused.json();
  BOOST_TEST(version["status"] == "done");
  BOOST_TEST(version["reused_from"] == (nlohmann::json{{"image", first}, {"version", 1}}));
  BOOST_TEST(version["sha256"] == ran.json()["sha256"]);
  BOOST_TEST(version["width"] == 200);
  BOOST_TEST(client.get(image_path(resent, "/versions/1")).json() == version);
  BOOST_TEST(client.get(image_path(resent, "/versions/1/content")).body ==
             client.get(image_path(first, "/versions/1/content")).body);

  // The JSON form, and a run forced on the original again.
  auto forced = client.post(image_path(resent, "/commands?wait=30&reuse=false"),
                            R"({"base": "original", "ops": [{"op": "resize", "width": 200,)"
                            R"( "height": 150}, {"op": "grayscale"}]})",
                            "application/json");
  BOOST_TEST_REQUIRE(forced.status == 200, forced.body);
  BOOST_TEST(!forced.json().contains("reused_from"), forced.body);
  BOOST_TEST(forced.json()["reuse"] == false);
  BOOST_TEST(forced.json()["source"] == 0);

  auto refused = client.post(image_path(resent, "/commands?reuse=maybe"), ops, "text/plain");
  BOOST_TEST(refused.status == 400);
  BOOST_TEST(refused.json()["error"]["code"] == "invalid_request");
  BOOST_TEST(refused.json()["error"]["message"].get<std::string>().find("reuse") !=
             std::string::npos);

  // The origin's deletion leaves the reused version whole.
  BOOST_TEST(client.del(image_path(first, "")).status == 204);
  auto kept = client.get(image_path(resent, "/versions/1/content"));
  BOOST_TEST(kept.status == 200);
  BOOST_TEST(model::sha256_hex(kept.body) == version["sha256"].get<std::string>());
}

BOOST_AUTO_TEST_CASE(concurrent_commands_on_one_image_get_one_version_each) {
  std::string id = upload(small_jpeg())["id"];
  std::atomic<int> accepted{0};
  from_parallel_clients(process.http_port(), [&](const test_support::http_client& sender) {
    if (sender.post(image_path(id, "/commands"), "flip", "text/plain").status == 202)
      ++accepted;
  });
  constexpr std::uint32_t sent = client_threads * requests_per_thread;
  BOOST_TEST(accepted == static_cast<int>(sent));
  for (std::uint32_t number = 1; number <= sent; ++number)
    BOOST_TEST(settled_version(id, number)["status"] == "done", "version " << number);
  BOOST_TEST(client.get(image_path(id)).json()["versions"].size() == sent);
}

BOOST_AUTO_TEST_CASE(concurrent_uploads_are_each_listed_once) {
  std::mutex guard;
  std::set<std::string> uploaded;
  from_parallel_clients(process.http_port(), [&](const test_support::http_client& sender) {
    auto reply = sender.post("/v1/images", small_png(), "image/png");
    if (reply.status != 201)
      return;
    std::lock_guard<std::mutex> lock(guard);
    uploaded.insert(reply.json()["id"].get<std::string>());
  });
  BOOST_TEST(uploaded.size() == static_cast<std::size_t>(client_threads * requests_per_thread));
  std::set<std::string> listed;
  auto images = client.get("/v1/images?limit=100").json()["images"];
  for (const auto& image : images)
    listed.insert(image["id"].get<std::string>());
  BOOST_TEST(images.size() == listed.size());
  BOOST_TEST((listed == uploaded));
}

// curl sends "Expect: 100-continue" before bodies over 1 MiB and waits for
// the interim answer; a server that never sends it stalls every such upload
// by curl's timeout (here far longer than the test may take).
BOOST_AUTO_TEST_CASE(large_uploads_do_not_wait_for_100_continue) {
  auto bytes = noisy_jpeg(1000, 1000);
  BOOST_TEST_REQUIRE(bytes.size() > (1u << 20));
  test_support::request_options options;
  options.expect_continue_timeout = std::chrono::seconds(60);

  auto started = std::chrono::steady_clock::now();
  auto expecting = client.post("/v1/images", bytes, "image/jpeg", options);
  auto took = std::chrono::steady_clock::now() - started;
  BOOST_TEST(expecting.status == 201, expecting.body);
  BOOST_TEST(expecting.interim_statuses == std::vector<long>{100});
  BOOST_TEST(expecting.json()["sha256"] == model::sha256_hex(bytes));
  BOOST_TEST_MESSAGE(
      "upload of " << bytes.size() << " bytes with Expect: 100-continue took "
                   << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");

  options.headers = {"Expect:"};
  auto direct = client.post("/v1/images", bytes, "image/jpeg", options);
  BOOST_TEST(direct.status == 201, direct.body);
  BOOST_TEST(direct.interim_statuses.empty());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace integration
