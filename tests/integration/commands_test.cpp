// What a client sees of commands on a real caf-node: ordering, camera-size
// images, large uploads through curl.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include "actors/model/digest.hpp"
#include "tests/integration/samples.hpp"
#include "tests/integration/standalone_node.hpp"
#include "tests/support/test_images.hpp"

namespace integration {

namespace {

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
