#include "tests/system/reliability/stored_images.hpp"

#include <boost/test/unit_test.hpp>

#include "actors/model/digest.hpp"
#include "tests/system/integration/standalone_node.hpp"

namespace reliability {

namespace {

using integration::image_path;

constexpr std::chrono::milliseconds settle_interval{200};

bool is_settled(const nlohmann::json& version) {
  return version["status"] == "done" || version["status"] == "failed";
}

// Fetches `path` and checks that it answers 200 with `bytes` bytes whose
// digest is `sha256`; returns the digest of the body.
std::string expect_content(const test_support::http_client& client, const std::string& path,
                           const nlohmann::json& bytes, const nlohmann::json& sha256) {
  auto reply = client.get(path);
  BOOST_TEST(reply.status == 200, path << " answered " << reply.status << ": " << reply.body);
  BOOST_TEST(reply.body.size() == bytes.get<std::size_t>(), path);
  auto digest = model::sha256_hex(reply.body);
  BOOST_TEST(digest == sha256.get<std::string>(), path);
  return digest;
}

void expect_whole_version(const test_support::http_client& client, const std::string& id,
                          const nlohmann::json& version) {
  auto number = version["version"].get<std::uint32_t>();
  if (version["status"] == "done")
    expect_content(client, image_path(id, "/versions/" + std::to_string(number) + "/content"),
                   version["bytes"], version["sha256"]);
  if (version["status"] == "failed")
    BOOST_TEST(!version["error"]["message"].get<std::string>().empty(), id << " " << version);
}

} // namespace

std::vector<nlohmann::json> all_images(const test_support::http_client& client) {
  std::vector<nlohmann::json> images;
  std::string path = "/v1/images?limit=100";
  for (;;) {
    auto reply = client.get(path);
    BOOST_TEST_REQUIRE(reply.status == 200, path << " answered " << reply.status);
    auto page = reply.json();
    for (auto& image : page["images"])
      images.push_back(std::move(image));
    if (page["next"].is_null())
      return images;
    path = "/v1/images?limit=100&before=" + page["next"].get<std::string>();
  }
}

void expect_whole(const test_support::http_client& client,
                  const std::vector<nlohmann::json>& images,
                  const std::set<std::string>& sent_digests) {
  for (const auto& image : images) {
    std::string id = image["id"];
    auto digest =
        expect_content(client, image_path(id, "/original"), image["bytes"], image["sha256"]);
    BOOST_TEST(sent_digests.count(digest) == 1u, id << ": an original nobody sent");
    std::uint32_t expected_number = 1;
    for (const auto& version : image["versions"]) {
      BOOST_TEST(version["version"] == expected_number++, id << " " << image["versions"]);
      expect_whole_version(client, id, version);
    }
  }
}

void expect_acknowledged_kept(const std::vector<nlohmann::json>& images,
                              const std::map<std::string, acknowledged_image>& acknowledged) {
  std::map<std::string, const nlohmann::json*> listed;
  for (const auto& image : images)
    listed[image["id"]] = &image;
  for (const auto& [id, expected] : acknowledged) {
    auto found = listed.find(id);
    BOOST_TEST_REQUIRE((found != listed.end()), "acknowledged image " << id << " is not listed");
    const auto& image = *found->second;
    BOOST_TEST(image["sha256"] == expected.sha256, id);
    BOOST_TEST(image["bytes"] == expected.bytes, id);
    for (auto number : expected.versions)
      BOOST_TEST(image["versions"].size() >= number,
                 id << ": acknowledged version " << number << " is missing");
  }
}

std::vector<nlohmann::json> settled_images(const test_support::http_client& client,
                                           test_support::deadline until) {
  std::vector<nlohmann::json> images;
  std::string unsettled;
  bool settled = test_support::poll_until(
      [&] {
        images = all_images(client);
        for (const auto& image : images)
          for (const auto& version : image["versions"])
            if (!is_settled(version)) {
              unsettled = image["id"].get<std::string>() + " " + version.dump();
              return false;
            }
        return true;
      },
      until, settle_interval);
  BOOST_TEST_REQUIRE(settled, "still unsettled: " << unsettled);
  return images;
}

std::vector<std::string> failed_versions(const std::vector<nlohmann::json>& images) {
  std::vector<std::string> failed;
  for (const auto& image : images)
    for (const auto& version : image["versions"])
      if (version["status"] == "failed")
        failed.push_back(image["id"].get<std::string>() + " " + version.dump());
  return failed;
}

} // namespace reliability
