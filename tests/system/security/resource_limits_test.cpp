// Resource limits on a real node: decompression bombs and oversized bodies
// are refused from their headers, quickly and without the memory they
// claim; operations may not produce images over the pixel limit.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "tests/support/test_images.hpp"
#include "tests/system/integration/standalone_node.hpp"
#include "tests/system/security/corpus_files.hpp"
#include "tests/system/security/node_memory.hpp"
#include "tests/system/security/slow_client.hpp"

namespace {

using integration::error_code_of;
using integration::image_path;
using std::chrono::milliseconds;

// Far above the few milliseconds a header check takes, far below what a
// decode of any of these files would take.
constexpr milliseconds refusal_limit{1000};

struct bomb {
  std::string name;
  std::string bytes;
};

std::vector<bomb> bombs() {
  std::vector<bomb> all{
      {"png 30000x30000", test_images::png_claiming(30000, 30000)},
      {"png 65535x65535", test_images::png_claiming(65535, 65535)},
  };
  for (const auto& entry : security_test::read_manifest())
    if (entry.upload_code == "image_too_large")
      all.push_back({entry.file, security_test::corpus_file(entry.file)});
  return all;
}

struct timed_reply {
  test_support::http_reply reply;
  milliseconds took;
};

timed_reply timed_upload(const test_support::http_client& client, const std::string& bytes) {
  auto started = std::chrono::steady_clock::now();
  auto reply = client.post("/v1/images", bytes, "application/octet-stream");
  return {reply,
          std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - started)};
}

std::string jpeg_of(unsigned width, unsigned height) {
  return test_images::gradient(imaging::image_format::jpeg, width, height);
}

} // namespace

BOOST_AUTO_TEST_SUITE(resource_limits)

BOOST_AUTO_TEST_CASE(bombs_are_refused_in_milliseconds_without_the_memory_they_claim) {
  integration::standalone_node node;
  auto pid = security_test::node_pid(node.process.http_port());
  auto all = bombs();
  BOOST_TEST_REQUIRE(all.size() >= 8u);
  // A first round brings the node's request path into memory.
  node.upload(jpeg_of(64, 48));
  for (const auto& each : all)
    timed_upload(node.client, each.bytes);

  auto before = security_test::resident_kib(pid);
  milliseconds slowest{0};
  for (int round = 0; round < 5; ++round)
    for (const auto& each : all) {
      auto answer = timed_upload(node.client, each.bytes);
      BOOST_TEST(answer.reply.status == 422, each.name << ": " << answer.reply.body);
      BOOST_TEST(error_code_of(answer.reply) == "image_too_large", each.name);
      slowest = std::max(slowest, answer.took);
    }
  auto after = security_test::resident_kib(pid);
  BOOST_TEST_MESSAGE(all.size() * 5 << " bomb uploads: slowest answer " << slowest.count()
                                    << " ms, node RSS " << before << " KiB -> " << after << " KiB");
  BOOST_TEST(slowest.count() < refusal_limit.count());
  BOOST_TEST(after < before + security_test::flat_growth_kib,
             before << " KiB -> " << after << " KiB");
  BOOST_TEST(node.client.get("/v1/images").json()["images"].size() == 1u);
}

BOOST_AUTO_TEST_CASE(uploads_over_the_configured_limits_are_refused) {
  integration::standalone_node node(
      {"--limits.max-width=500", "--limits.max-height=400", "--limits.max-pixels=150000"});
  auto wide = node.client.post("/v1/images", jpeg_of(501, 100), "image/jpeg");
  BOOST_TEST(wide.status == 422);
  BOOST_TEST(error_code_of(wide) == "image_too_large");
  BOOST_TEST(wide.json()["error"]["message"] == "image is 501x100, width over the limit of 500");
  auto tall = node.client.post("/v1/images", jpeg_of(100, 401), "image/jpeg");
  BOOST_TEST(error_code_of(tall) == "image_too_large");
  auto many = node.client.post("/v1/images", jpeg_of(400, 376), "image/jpeg");
  BOOST_TEST(error_code_of(many) == "image_too_large");
  BOOST_TEST(node.client.post("/v1/images", jpeg_of(400, 375), "image/jpeg").status == 201);
}

BOOST_AUTO_TEST_CASE(an_operation_may_not_produce_more_than_the_pixel_limit) {
  integration::standalone_node node({"--limits.max-pixels=1000000"});
  std::string id = node.upload(jpeg_of(320, 240))["id"];
  node.command_text(id, "resize 16384 16384\n");
  auto too_large = node.settled_version(id, 1);
  BOOST_TEST(too_large["status"] == "failed");
  BOOST_TEST(too_large["error"]["code"] == "image_too_large");
  std::string message = too_large["error"]["message"];
  BOOST_TEST(message.find("resize") != std::string::npos, message);

  node.command_text(id, "resize 1000 1000\n");
  auto within = node.settled_version(id, 2);
  BOOST_TEST(within["status"] == "done", within.dump());
  BOOST_TEST(within["width"] == 1000);
}

BOOST_AUTO_TEST_CASE(bodies_over_the_limit_are_refused_without_being_buffered) {
  integration::standalone_node node({"--http.max-body=1048576"});
  auto pid = security_test::node_pid(node.process.http_port());
  node.upload(jpeg_of(64, 48));
  auto before = security_test::resident_kib(pid);

  // A declared length of a terabyte: refused from the headers.
  test_support::raw_connection declared(node.process.http_port());
  declared.send("POST /v1/images HTTP/1.1\r\nHost: t\r\nContent-Length: 1099511627776\r\n\r\n" +
                std::string(64 * 1024, 'x'));
  auto refused = declared.read_response();
  BOOST_TEST(test_support::status_of(refused) == 413, refused);

  // A chunked body that keeps coming, and starts like a JPEG so that it is
  // not refused at its first bytes: the node discards what follows the
  // limit instead of keeping it. (Its answer may come only once the client
  // pauses: Pistache sends replies after it has drained the socket.)
  security_test::slow_client streaming(node.process.http_port());
  streaming.send("POST /v1/images HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "4\r\n\xFF\xD8\xFF\xE0\r\n");
  const std::string chunk = "10000\r\n" + std::string(0x10000, 'y') + "\r\n";
  std::size_t sent_bytes = 0;
  for (int i = 0; i < 512 && !streaming.server_spoke_within(milliseconds(0)); ++i) {
    if (!streaming.send(chunk))
      break;
    sent_bytes += 0x10000;
  }
  auto streamed_refusal = streaming.read_to_end(std::chrono::seconds(10));
  BOOST_TEST_MESSAGE("streamed body: 413 after the client sent " << sent_bytes << " bytes");
  BOOST_TEST(test_support::status_of(streamed_refusal) == 413, streamed_refusal.substr(0, 200));

  auto after = security_test::resident_kib(pid);
  BOOST_TEST_MESSAGE("oversized bodies: node RSS " << before << " KiB -> " << after << " KiB");
  BOOST_TEST(after < before + security_test::flat_growth_kib,
             before << " KiB -> " << after << " KiB");
  BOOST_TEST(node.client.get("/health").status == 200);
}

BOOST_AUTO_TEST_SUITE_END()
