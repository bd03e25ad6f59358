// Labels from a real caf-node: given at upload (query or form field),
// stored with the image, shown wherever the image is, kept across a
// kill -9 and gone with the image.

#include <boost/test/unit_test.hpp>

#include <string>

#include "tests/system/integration/samples.hpp"
#include "tests/system/integration/standalone_node.hpp"

namespace integration {

BOOST_FIXTURE_TEST_SUITE(labels, standalone_node)

BOOST_AUTO_TEST_CASE(labels_are_stored_with_the_image_and_survive_a_crash) {
  const nlohmann::json expected = {{"line", "3"}, {"station", "7"}, {"part", "A-1042"}};
  auto image = upload(small_png(), "?label=line:3&label=station:7&label=part:A-1042");
  BOOST_TEST(image["labels"] == expected);
  std::string id = image["id"];

  std::string form = "--B\r\nContent-Disposition: form-data; name=\"image\"\r\n\r\n" +
                     small_jpeg() +
                     "\r\n--B\r\nContent-Disposition: form-data; name=\"labels\"\r\n\r\n"
                     "line:4\r\n--B--\r\n";
  auto formed = client.post("/v1/images", form, "multipart/form-data; boundary=B");
  BOOST_TEST_REQUIRE(formed.status == 201, formed.body);
  BOOST_TEST(formed.json()["labels"] == nlohmann::json({{"line", "4"}}));

  process.kill_hard();
  start_again();
  BOOST_TEST(client.get(image_path(id)).json()["labels"] == expected);
  auto listed = client.get("/v1/images").json()["images"];
  BOOST_TEST_REQUIRE(listed.size() == 2u);
  BOOST_TEST(listed[1]["labels"] == expected);

  BOOST_TEST(client.del(image_path(id)).status == 204);
  BOOST_TEST(client.get(image_path(id)).status == 404);
  auto refused = client.post("/v1/images?label=line:3&label=line:4", small_png(), "image/png");
  BOOST_TEST(refused.status == 400);
  BOOST_TEST(error_code_of(refused) == "invalid_request");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace integration
