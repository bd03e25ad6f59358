// Every file of the hostile corpus (corpus/MANIFEST) uploaded to a real
// node: the status and error code of the upload and, for accepted files, the
// outcome of "resize 64 64". Afterwards the node must still serve.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "actors/imaging/image_probe.hpp"
#include "tests/support/test_images.hpp"
#include "tests/system/integration/standalone_node.hpp"
#include "tests/system/security/corpus_files.hpp"

namespace {

using integration::error_code_of;
using integration::image_path;
using security_test::corpus_file;
using security_test::read_manifest;

// "done", or "failed:<code>" for a failed version.
std::string outcome_of(const nlohmann::json& version) {
  if (version["status"] == "done")
    return "done";
  return "failed:" + version["error"]["code"].get<std::string>();
}

} // namespace

BOOST_AUTO_TEST_SUITE(corpus)

BOOST_AUTO_TEST_CASE(every_file_gets_its_answer_and_the_node_serves_on) {
  integration::standalone_node node;
  auto entries = read_manifest();
  BOOST_TEST_REQUIRE(entries.size() >= 30u);
  for (const auto& entry : entries) {
    BOOST_TEST_CONTEXT(entry.file) {
      auto reply =
          node.client.post("/v1/images", corpus_file(entry.file), "application/octet-stream");
      BOOST_TEST_REQUIRE(reply.status == entry.upload_status, reply.body);
      if (entry.upload_status != 201) {
        BOOST_TEST(error_code_of(reply) == entry.upload_code);
        continue;
      }
      std::string id = reply.json()["id"];
      auto command =
          node.client.post(image_path(id, "/commands?wait=30"), "resize 64 64", "text/plain");
      BOOST_TEST_REQUIRE((command.status == 200 || command.status == 202), command.body);
      auto version = node.settled_version(id, 1);
      BOOST_TEST(outcome_of(version) == entry.resize, version.dump());
    }
  }

  BOOST_TEST(node.client.get("/health").status == 200);
  std::string id = node.upload(test_images::gradient(imaging::image_format::jpeg, 320, 240))["id"];
  node.command_text(id, "resize 64 64\ngrayscale\n");
  auto version = node.settled_version(id, 1);
  BOOST_TEST(version["status"] == "done", version.dump());
  BOOST_TEST(version["width"] == 64);
}

// The screen is 96x64; the decoder would allocate the frame's 30000x30000.
BOOST_AUTO_TEST_CASE(a_gif_frame_larger_than_its_screen_is_refused_from_the_header) {
  auto header = imaging::probe_image(corpus_file("bomb-frame.gif"), imaging::image_limits{});
  BOOST_REQUIRE(!header.ok());
  BOOST_TEST((header.error().code == model::error_code::image_too_large));
  BOOST_TEST(header.error().message.find("GIF frame 1 is 30000x30000") == 0u,
             header.error().message);
}

BOOST_AUTO_TEST_CASE(the_manifest_lists_every_corpus_file_once) {
  std::vector<std::string> listed;
  for (const auto& entry : read_manifest())
    listed.push_back(entry.file);
  std::sort(listed.begin(), listed.end());
  BOOST_TEST((std::adjacent_find(listed.begin(), listed.end()) == listed.end()));
  auto present = security_test::corpus_file_names();
  BOOST_TEST(listed == present, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
