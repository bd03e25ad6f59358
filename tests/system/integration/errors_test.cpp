// Every error status of the API from a real caf-node, each with the JSON
// error shape; after its bad inputs, every test checks that the node still
// serves.

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "tests/support/test_images.hpp"
#include "tests/system/integration/samples.hpp"
#include "tests/system/integration/standalone_node.hpp"

namespace integration {

namespace {

const std::string absent_id = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string message_of(const test_support::http_reply& reply) {
  return reply.json()["error"]["message"];
}

/// A node that must keep serving whatever the test sent it.
struct node_after_bad_inputs : standalone_node {
  using standalone_node::standalone_node;

  void teardown() {
    BOOST_TEST(client.get("/health").status == 200);
    BOOST_TEST(client.post("/v1/images", small_png(), "image/png").status == 201);
  }

  /// Requires `status` and `code`; returns the reply.
  test_support::http_reply expect(const test_support::http_reply& reply, long status,
                                  const std::string& code) {
    BOOST_TEST(reply.status == status, reply.body);
    BOOST_TEST(error_code_of(reply) == code);
    return reply;
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(errors, node_after_bad_inputs)

BOOST_AUTO_TEST_CASE(bad_operations_are_400_naming_the_line_or_index) {
  std::string id = upload(small_jpeg())["id"];
  auto commands = image_path(id, "/commands");
  auto text = expect(client.post(commands, "resize 320 240\nrotate sideways\n", "text/plain"), 400,
                     "invalid_operation");
  BOOST_TEST(contains(message_of(text), "line 2"), message_of(text));

  auto json = expect(
      client.post(commands, R"({"ops":[{"op":"flip"},{"op":"crop","x":1}]})", "application/json"),
      400, "invalid_operation");
  BOOST_TEST(contains(message_of(json), "ops[1]"), message_of(json));

  expect(client.post(commands, "teleport 3", "text/plain"), 400, "invalid_operation");
  expect(client.post(commands, "# nothing\n", "text/plain"), 400, "invalid_operation");
  expect(client.post(commands, "{not json", "application/json"), 400, "invalid_request");
  expect(client.post(commands, R"({"ops":[{"op":"flip"}],"extra":1})", "application/json"), 400,
         "invalid_request");
  BOOST_TEST(client.get(image_path(id)).json()["versions"].empty());
}

BOOST_AUTO_TEST_CASE(bad_query_values_are_400) {
  std::string id = upload(small_jpeg())["id"];
  for (const auto& path : {"/v1/images?limit=0", "/v1/images?limit=101", "/v1/images?limit=ten",
                           "/v1/images?colour=red", "/v1/images?before=%zz"}) {
    auto reply = client.get(path);
    BOOST_TEST(reply.status == 400, path);
    BOOST_TEST(error_code_of(reply) == "invalid_request", path);
  }
  expect(client.get("/v1/images?before=not-an-id"), 400, "invalid_id");
  expect(client.post(image_path(id, "/commands?wait=61"), "flip", "text/plain"), 400,
         "invalid_request");
  expect(client.post(image_path(id, "/commands?wait=soon"), "flip", "text/plain"), 400,
         "invalid_request");
  expect(client.get("/health?verbose=1"), 400, "invalid_request");
  expect(client.get("/v1/cluster?all=1"), 400, "invalid_request");
}

BOOST_AUTO_TEST_CASE(malformed_ids_are_400_invalid_id) {
  for (const auto& path : {"/v1/images/nope", "/v1/images/nope/original", "/v1/images/nope/content",
                           "/v1/images/nope/versions/1"}) {
    auto reply = client.get(path);
    BOOST_TEST(reply.status == 400, path);
    BOOST_TEST(error_code_of(reply) == "invalid_id", path);
  }
  expect(client.del("/v1/images/nope"), 400, "invalid_id");
  expect(client.post("/v1/images/nope/commands", "flip", "text/plain"), 400, "invalid_id");
  expect(client.get(image_path(absent_id, "/versions/0")), 400, "invalid_id");
  expect(client.get(image_path(absent_id, "/versions/first")), 400, "invalid_id");
}

BOOST_AUTO_TEST_CASE(unknown_or_empty_profiles_are_400) {
  auto unknown = expect(client.post("/v1/images?profile=sepia", small_png(), "image/png"), 400,
                        "unknown_profile");
  BOOST_TEST(contains(message_of(unknown), "sepia"), message_of(unknown));
  expect(client.post("/v1/images?profile=", small_png(), "image/png"), 400, "invalid_request");
  BOOST_TEST(client.get("/v1/images").json()["images"].empty());
}

BOOST_AUTO_TEST_CASE(bad_bases_are_400) {
  std::string id = upload(small_jpeg())["id"];
  auto commands = image_path(id, "/commands");
  expect(client.post(commands + "?base=newest", "flip", "text/plain"), 400, "invalid_request");
  expect(client.post(commands, R"({"ops":[{"op":"flip"}],"base":0})", "application/json"), 400,
         "invalid_request");
  auto missing =
      expect(client.post(commands + "?base=7", "flip", "text/plain"), 400, "invalid_request");
  BOOST_TEST(contains(message_of(missing), "7"), message_of(missing));
}

BOOST_AUTO_TEST_CASE(unknown_images_routes_and_versions_are_404) {
  std::string id = upload(small_jpeg())["id"];
  for (const auto& path : {image_path(absent_id), image_path(absent_id, "/original"),
                           image_path(absent_id, "/content"), image_path(id, "/versions/1"),
                           image_path(id, "/versions/1/content"), std::string("/v1/nothing"),
                           std::string("/v2/images")}) {
    auto reply = client.get(path);
    BOOST_TEST(reply.status == 404, path);
    BOOST_TEST(error_code_of(reply) == "not_found", path);
  }
  expect(client.post(image_path(absent_id, "/commands"), "flip", "text/plain"), 404, "not_found");
  expect(client.del(image_path(absent_id)), 404, "not_found");
}

BOOST_AUTO_TEST_CASE(wrong_methods_are_405_with_allow) {
  struct expectation {
    std::string method, path, allow;
  };
  const std::vector<expectation> expectations{
      {"PUT", image_path(absent_id), "GET, HEAD, DELETE, OPTIONS"},
      {"DELETE", "/v1/images", "POST, GET, HEAD, OPTIONS"},
      {"POST", "/health", "GET, HEAD, OPTIONS"},
      {"DELETE", "/v1/operations", "GET, HEAD, OPTIONS"},
      {"POST", "/v1/cluster", "GET, HEAD, OPTIONS"},
      {"GET", image_path(absent_id, "/commands"), "POST, OPTIONS"},
  };
  for (const auto& [method, path, allow] : expectations) {
    auto reply = client.send(method, path, "", {});
    BOOST_TEST(reply.status == 405, method << " " << path);
    BOOST_TEST(reply.header("Allow") == allow, method << " " << path);
    BOOST_TEST(error_code_of(reply) == "method_not_allowed", method << " " << path);
  }
}

BOOST_AUTO_TEST_CASE(content_of_a_failed_version_is_409) {
  std::string id = upload(small_jpeg())["id"];
  auto failed =
      client.post(image_path(id, "/commands?wait=30"), "crop 10 10 5000 5000", "text/plain");
  BOOST_TEST_REQUIRE(failed.status == 200, failed.body);
  auto version = failed.json();
  BOOST_TEST(version["status"] == "failed");
  BOOST_TEST(version["error"]["code"] == "invalid_operation");
  BOOST_TEST(contains(version["error"]["message"], "outside"), version.dump());

  expect(client.get(image_path(id, "/versions/1/content")), 409, "version_failed");
  // The latest content skips the failed version.
  BOOST_TEST(client.get(image_path(id, "/content")).body == small_jpeg());
  expect(client.post(image_path(id, "/commands?base=1"), "flip", "text/plain"), 400,
         "invalid_request");
}

BOOST_AUTO_TEST_CASE(documents_and_commands_of_other_types_are_415) {
  const std::vector<std::string> not_images{
      "just some words\n",
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>)",
      "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
  };
  for (const auto& body : not_images) {
    auto reply = client.post("/v1/images", body, "application/octet-stream");
    BOOST_TEST(reply.status == 415, body);
    BOOST_TEST(error_code_of(reply) == "unsupported_media_type", body);
  }
  std::string id = upload(small_jpeg())["id"];
  expect(client.post(image_path(id, "/commands"), "flip", "image/png"), 415,
         "unsupported_media_type");
  BOOST_TEST(client.get("/v1/images").json()["images"].size() == 1u);
}

BOOST_AUTO_TEST_CASE(damaged_and_oversized_images_are_422) {
  auto truncated = small_jpeg().substr(0, small_jpeg().size() / 2);
  expect(client.post("/v1/images", truncated, "image/jpeg"), 422, "corrupt_image");
  auto bomb =
      expect(client.post("/v1/images", test_images::png_claiming(30000, 30000), "image/png"), 422,
             "image_too_large");
  BOOST_TEST(contains(message_of(bomb), "30000"), message_of(bomb));
  BOOST_TEST(client.get("/v1/images").json()["images"].empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(bodies_over_max_body_are_413) {
  node_after_bad_inputs node({"--http.max-body=4096"});
  auto too_big = noisy_jpeg(100, 100);
  BOOST_TEST_REQUIRE(too_big.size() > 4096u);
  node.expect(node.client.post("/v1/images", too_big, "image/jpeg"), 413, "payload_too_large");
  node.teardown();
}

BOOST_AUTO_TEST_CASE(configured_limits_refuse_large_uploads_and_results) {
  node_after_bad_inputs node({"--limits.max-width=1000", "--limits.max-height=1000"});
  auto wide = test_images::gradient(imaging::image_format::jpeg, 1200, 900);
  auto refused =
      node.expect(node.client.post("/v1/images", wide, "image/jpeg"), 422, "image_too_large");
  BOOST_TEST(contains(message_of(refused), "1000"), message_of(refused));

  std::string id = node.upload(small_jpeg())["id"];
  auto reply =
      node.client.post(image_path(id, "/commands?wait=30"), "resize 2000 1500", "text/plain");
  BOOST_TEST_REQUIRE(reply.status == 200, reply.body);
  BOOST_TEST(reply.json()["status"] == "failed");
  BOOST_TEST(reply.json()["error"]["code"] == "image_too_large");
  node.expect(node.client.get(image_path(id, "/versions/1/content")), 409, "version_failed");
  node.teardown();
}

} // namespace integration
