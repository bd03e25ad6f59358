// What survives the end of a caf-node process: kill -9 right after the
// answers, and a graceful SIGTERM.

#include <boost/test/unit_test.hpp>

#include <map>
#include <string>

#include "actors/model/digest.hpp"
#include "tests/support/test_images.hpp"
#include "tests/system/integration/samples.hpp"
#include "tests/system/integration/standalone_node.hpp"

namespace integration {

namespace {

using test_support::deadline;

constexpr std::chrono::seconds stop_limit{20};
constexpr std::uint32_t chain_length = 8;

std::size_t count_done(const nlohmann::json& image) {
  std::size_t done = 0;
  for (const auto& version : image["versions"])
    done += version["status"] == "done" ? 1 : 0;
  return done;
}

// Versions of one image run one at a time: right after the last command of
// a chain of full-HD rotations is accepted, the later ones are still queued.
std::string upload_with_rotation_chain(standalone_node& node) {
  std::string id =
      node.upload(test_images::gradient(imaging::image_format::jpeg, 1920, 1080))["id"];
  for (std::uint32_t number = 1; number <= chain_length; ++number)
    BOOST_TEST_REQUIRE(node.command_text(id, "rotate 90")["version"] == number);
  return id;
}

void expect_rotation_chain_done(standalone_node& node, const std::string& id) {
  for (std::uint32_t number = 1; number <= chain_length; ++number) {
    auto version = node.settled_version(id, number);
    BOOST_TEST(version["status"] == "done", version.dump());
    bool turned = number % 2 == 1;
    BOOST_TEST(version["width"] == (turned ? 1080 : 1920), "version " << number);
    BOOST_TEST(version["height"] == (turned ? 1920 : 1080), "version " << number);
  }
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(durability, standalone_node)

BOOST_AUTO_TEST_CASE(answered_uploads_and_versions_survive_kill_9) {
  std::map<std::string, std::string> originals;
  auto plain = upload(small_png());
  originals[plain["id"]] = small_png();
  auto done = client.post(image_path(plain["id"], "/commands?wait=30"), "flop", "text/plain");
  BOOST_TEST_REQUIRE(done.status == 200, done.body);
  auto jpeg = test_images::gradient(imaging::image_format::jpeg, 640, 480);
  originals[upload(jpeg)["id"]] = jpeg;
  auto profiled = upload(small_jpeg(), "?profile=thumbnail");
  originals[profiled["id"]] = small_jpeg();

  process.kill_hard();
  start_again();

  BOOST_TEST(client.get("/v1/images").json()["images"].size() == originals.size());
  for (const auto& [id, bytes] : originals) {
    auto original = client.get(image_path(id, "/original"));
    BOOST_TEST(original.status == 200, id);
    BOOST_TEST(original.body == bytes, id);
  }
  auto version = client.get(image_path(plain["id"], "/versions/1")).json();
  BOOST_TEST(version == done.json());
  auto content = client.get(image_path(plain["id"], "/versions/1/content"));
  BOOST_TEST(model::sha256_hex(content.body) == version["sha256"]);
  // The profile's version was accepted with the upload: it is finished now
  // or once the restarted node resumed it.
  BOOST_TEST(settled_version(profiled["id"], 1)["status"] == "done");
}

BOOST_AUTO_TEST_CASE(accepted_commands_resume_after_kill_9) {
  auto id = upload_with_rotation_chain(*this);
  auto before_kill = client.get(image_path(id)).json();
  auto not_ready =
      client.get(image_path(id, "/versions/" + std::to_string(chain_length) + "/content"));
  process.kill_hard();

  BOOST_TEST_REQUIRE(count_done(before_kill) < chain_length, before_kill.dump());
  BOOST_TEST(before_kill["versions"][chain_length - 1]["status"] == "queued");
  BOOST_TEST(not_ready.status == 409);
  BOOST_TEST(error_code_of(not_ready) == "version_not_ready");

  start_again();
  expect_rotation_chain_done(*this, id);
}

BOOST_AUTO_TEST_CASE(a_deleted_image_stays_deleted_after_kill_9) {
  auto id = upload_with_rotation_chain(*this);
  BOOST_TEST_REQUIRE(client.del(image_path(id)).status == 204);
  process.kill_hard();

  start_again();
  BOOST_TEST(client.get(image_path(id)).status == 404);
  BOOST_TEST(client.get(image_path(id, "/versions/1")).status == 404);
  BOOST_TEST(client.get("/v1/images").json()["images"].empty());
}

BOOST_AUTO_TEST_CASE(sigterm_exits_0_and_unfinished_commands_resume) {
  auto image = upload(small_jpeg());
  auto done = client.post(image_path(image["id"], "/commands?wait=30"), "grayscale", "text/plain");
  BOOST_TEST_REQUIRE(done.status == 200, done.body);
  auto id = upload_with_rotation_chain(*this);
  auto before_stop = client.get(image_path(id)).json();

  BOOST_TEST(process.terminate(deadline::in(stop_limit)) == 0);
  BOOST_TEST(count_done(before_stop) < chain_length, before_stop.dump());

  start_again();
  auto restored = client.get(image_path(image["id"]));
  BOOST_TEST_REQUIRE(restored.status == 200);
  BOOST_TEST(restored.json()["versions"][0] == done.json());
  BOOST_TEST(client.get(image_path(image["id"], "/original")).body == small_jpeg());
  BOOST_TEST(model::sha256_hex(client.get(image_path(image["id"], "/content")).body) ==
             done.json()["sha256"]);
  expect_rotation_chain_done(*this, id);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace integration
