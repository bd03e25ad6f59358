// Uploads reach the byte store as they arrive, from a real caf-node: whole
// bodies and chunked ones are stored as sent, a body that is no image is
// refused at its first bytes, and nothing of a refused, cut-off or
// disk-filling upload stays behind.

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

#include "actors/model/digest.hpp"
#include "tests/support/byte_store_files.hpp"
#include "tests/support/deadline.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_images.hpp"
#include "tests/system/integration/samples.hpp"
#include "tests/system/integration/standalone_node.hpp"

namespace integration {

namespace {

using test_support::deadline;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string raw_upload_head(std::size_t content_length, const std::string& request_id) {
  return "POST /v1/images HTTP/1.1\r\nHost: test\r\nContent-Type: application/octet-stream\r\n"
         "Content-Length: " +
         std::to_string(content_length) + "\r\nX-Request-Id: " + request_id + "\r\n\r\n";
}

struct streaming_node : standalone_node {
  std::filesystem::path byte_store() const {
    return process.storage_dir() / "bytes";
  }

  bool temporaries_become(std::size_t count) const {
    return test_support::poll_until(
        [&] { return test_support::temporaries(byte_store()) == count; },
        deadline::in(start_limit));
  }

  bool no_images() const {
    return client.get("/v1/images").json()["images"].empty();
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(streamed_uploads, streaming_node)

BOOST_AUTO_TEST_CASE(whole_and_chunked_bodies_are_stored_as_sent) {
  auto photo = noisy_jpeg(1600, 1200);
  for (bool chunked : {false, true}) {
    test_support::request_options options;
    options.chunked = chunked;
    options.headers = {"Content-Type: image/jpeg"};
    auto reply = client.send("POST", "/v1/images", photo, options);
    BOOST_TEST_REQUIRE(reply.status == 201, reply.body);
    auto image = reply.json();
    BOOST_TEST(image["bytes"] == photo.size());
    BOOST_TEST(image["sha256"] == model::sha256_hex(photo));
    BOOST_TEST(image["width"] == 1600);
    BOOST_TEST(image["format"] == "JPEG");
    BOOST_TEST(client.get(image_path(image["id"], "/original")).body == photo);
  }
  auto form = client.post_file_field("/v1/images", "image", photo);
  BOOST_TEST_REQUIRE(form.status == 201, form.body);
  BOOST_TEST(form.json()["sha256"] == model::sha256_hex(photo));
  BOOST_TEST(test_support::blob_files(byte_store()) == 1u); // one copy of equal bytes
  BOOST_TEST(test_support::temporaries(byte_store()) == 0u);
}

BOOST_AUTO_TEST_CASE(forms_without_an_image_field_or_with_no_image_in_it_are_refused) {
  auto other_field = client.post_file_field("/v1/images", "photo", small_png());
  BOOST_TEST(other_field.status == 400);
  BOOST_TEST(other_field.json()["error"]["message"].get<std::string>().find("no field named") !=
             std::string::npos);
  auto document = client.post_file_field("/v1/images", "image", "%PDF-1.7 not an image");
  BOOST_TEST(document.status == 415);
  BOOST_TEST(temporaries_become(0));
  BOOST_TEST(no_images());
}

BOOST_AUTO_TEST_CASE(a_body_that_is_no_image_is_refused_at_its_first_bytes) {
  // 50 MB announced, a few bytes sent: the answer comes without the rest.
  test_support::raw_connection connection(process.http_port());
  connection.send(raw_upload_head(50'000'000, "refused-early") +
                  "%PDF-1.7 a document, not an image");
  auto response = connection.read_response();
  BOOST_TEST(test_support::status_of(response) == 415, response);
  BOOST_TEST(contains(response, "\"unsupported_media_type\""), response);
  BOOST_TEST(contains(response, "X-Request-Id: refused-early"), response);
  BOOST_TEST(contains(response, "Connection: close"), response);
  BOOST_TEST(temporaries_become(0));
  BOOST_TEST(no_images());
}

BOOST_AUTO_TEST_CASE(an_upload_cut_off_midway_leaves_nothing_behind) {
  auto photo = noisy_jpeg(1600, 1200);
  {
    test_support::raw_connection connection(process.http_port());
    connection.send(raw_upload_head(photo.size(), "cut-off") + photo.substr(0, photo.size() / 2));
    BOOST_TEST_REQUIRE(temporaries_become(1), "the upload is not being written as it arrives");
  }
  BOOST_TEST(temporaries_become(0));
  BOOST_TEST(no_images());
  BOOST_TEST(test_support::blob_files(byte_store()) == 0u);
}

BOOST_AUTO_TEST_CASE(an_upload_half_received_when_the_node_is_killed_is_gone_after_a_restart) {
  auto photo = noisy_jpeg(1600, 1200);
  test_support::raw_connection connection(process.http_port());
  connection.send(raw_upload_head(photo.size(), "killed") + photo.substr(0, photo.size() / 2));
  BOOST_TEST_REQUIRE(temporaries_become(1), "the upload is not being written as it arrives");
  process.kill_hard();
  BOOST_TEST(test_support::temporaries(byte_store()) == 1u); // what kill -9 leaves
  start_again();
  BOOST_TEST(test_support::temporaries(byte_store()) == 0u);
  BOOST_TEST(test_support::blob_files(byte_store()) == 0u);
  BOOST_TEST(no_images());
}

BOOST_AUTO_TEST_CASE(uploads_refused_before_or_after_their_bytes_leave_nothing_behind) {
  auto truncated = small_jpeg().substr(0, small_jpeg().size() / 2);
  BOOST_TEST(client.post("/v1/images", truncated, "image/jpeg").status == 422);
  auto bomb = client.post("/v1/images", test_images::png_claiming(30000, 30000), "image/png");
  BOOST_TEST(error_code_of(bomb) == "image_too_large");

  // Refused from the head alone, and answered like any request.
  test_support::request_options options;
  options.headers = {"Content-Type: image/png", "X-Request-Id: no-such-profile"};
  auto unknown = client.send("POST", "/v1/images?profile=no-such", small_png(), options);
  BOOST_TEST(unknown.status == 400);
  BOOST_TEST(error_code_of(unknown) == "unknown_profile");
  BOOST_TEST(unknown.header("X-Request-Id") == "no-such-profile");

  BOOST_TEST(temporaries_become(0));
  BOOST_TEST(test_support::blob_files(byte_store()) == 0u);
  BOOST_TEST(no_images());
  BOOST_TEST(client.post("/v1/images", small_png(), "image/png").status == 201);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(a_full_disk_refuses_an_upload_with_507_and_frees_its_room) {
  // The node's storage is a 64 MiB tmpfs of its own mount namespace, of which
  // RocksDB's log and manifest take about 22 MiB.
  test_workspace workspace;
  test_support::node_options options;
  auto storage = workspace.path() / options.name / "storage";
  std::filesystem::create_directories(storage);
  options.command_prefix = {"unshare",
                            "--mount",
                            "--map-root-user",
                            "sh",
                            "-c",
                            "mount -t tmpfs -o size=64m tmpfs \"$0\" && exec \"$@\"",
                            storage.string()};
  auto& node = workspace.add(options);
  node.start();
  node.wait_until_healthy(deadline::in(start_limit));
  test_support::http_client client(node.http_port());

  // A JPEG signature and 60 MB more: more than the disk holds.
  auto jpeg_lookalike = [](std::size_t size) {
    return "\xFF\xD8\xFF\xE0" + std::string(size, 'Z');
  };
  auto refused = client.post("/v1/images", jpeg_lookalike(60'000'000), "image/jpeg");
  BOOST_TEST(refused.status == 507, refused.body);
  BOOST_TEST(error_code_of(refused) == "insufficient_storage");

  // Its room is free again: 30 MB fit, and are refused only once read
  // whole, as no image.
  auto read_whole = client.post("/v1/images", jpeg_lookalike(30'000'000), "image/jpeg");
  BOOST_TEST(read_whole.status == 422, read_whole.body);
  BOOST_TEST(error_code_of(read_whole) == "corrupt_image");
  BOOST_TEST(client.post("/v1/images", small_png(), "image/png").status == 201);
}

} // namespace integration
