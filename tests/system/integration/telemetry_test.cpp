// Readiness, the Prometheus metrics and the request log of a real node: the
// metrics pass promtool and their counters match the work done.

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "tests/support/deadline.hpp"
#include "tests/system/integration/samples.hpp"
#include "tests/system/integration/standalone_node.hpp"

namespace integration {

namespace {

using test_support::deadline;

/// Series name with labels -> value, from the text exposition.
std::map<std::string, double> parse_exposition(const std::string& text) {
  std::map<std::string, double> values;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line.front() == '#')
      continue;
    auto space = line.rfind(' ');
    values[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return values;
}

/// promtool's verdict on `text`; empty when it accepts it.
std::string promtool_problems(const test_workspace& workspace, const std::string& text) {
  auto input = workspace.path() / "metrics.txt";
  auto output = workspace.path() / "promtool.out";
  std::ofstream(input) << text;
  auto command =
      "promtool check metrics < '" + input.string() + "' > '" + output.string() + "' 2>&1";
  int status = std::system(command.c_str());
  std::ifstream verdict(output);
  std::string said((std::istreambuf_iterator<char>(verdict)), std::istreambuf_iterator<char>());
  return status == 0 ? std::string() : "promtool exit " + std::to_string(status) + ": " + said;
}

bool ready(const test_support::http_client& client) {
  return client.get("/ready").status == 200;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(telemetry, standalone_node)

BOOST_AUTO_TEST_CASE(ready_once_workers_have_joined) {
  BOOST_TEST_REQUIRE(
      test_support::poll_until([&] { return ready(client); }, deadline::in(start_limit)));
  auto reply = client.get("/ready");
  BOOST_TEST(reply.json() == nlohmann::json({{"status", "ready"}}));
}

BOOST_AUTO_TEST_CASE(metrics_pass_promtool_and_count_the_work) {
  auto both_workers_joined = [&] {
    return parse_exposition(client.get("/metrics").body)["caf_node_workers"] == 2;
  };
  BOOST_TEST_REQUIRE(test_support::poll_until(both_workers_joined, deadline::in(start_limit)));
  // Every image is the same frame: only the first image's two flips run as
  // jobs, the others reuse their results.
  const int images = 3;
  std::size_t uploaded_bytes = 0;
  for (int i = 0; i < images; ++i) {
    std::string id = upload(small_jpeg())["id"];
    uploaded_bytes += small_jpeg().size();
    for (std::uint32_t number : {1u, 2u}) {
      command_text(id, "flip");
      BOOST_TEST(settled_version(id, number)["status"] == "done");
    }
  }

  auto reply = client.get("/metrics");
  BOOST_TEST_REQUIRE(reply.status == 200);
  BOOST_TEST(reply.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
  BOOST_TEST(promtool_problems(workspace, reply.body) == "", reply.body);

  auto values = parse_exposition(reply.body);
  BOOST_TEST(
      values[R"(caf_node_http_requests_total{route="/v1/images",method="POST",status="201"})"] ==
      images);
  BOOST_TEST(
      values
          [R"(caf_node_http_requests_total{route="/v1/images/{id}/commands",method="POST",status="202"})"] ==
      2 * images);
  BOOST_TEST(values[R"(caf_node_http_request_duration_seconds_count{route="/v1/images"})"] ==
             images);
  BOOST_TEST(values["caf_node_upload_bytes_total"] == uploaded_bytes);
  BOOST_TEST(values[R"(caf_node_jobs_total{state="done"})"] == 2);
  BOOST_TEST(values["caf_node_versions_reused_total"] == 2 * images - 2);
  BOOST_TEST(values["caf_node_job_duration_seconds_count"] == 2);
  BOOST_TEST(values[R"(caf_node_operation_duration_seconds_count{operation="flip"})"] == 2);
  BOOST_TEST(values["caf_node_storage_images"] == images);
  BOOST_TEST(values[R"(caf_node_storage_bytes{kind="live"})"] >= uploaded_bytes);
  BOOST_TEST(values["caf_node_image_actors"] == images);
  BOOST_TEST(values["caf_node_workers"] == 2);
  BOOST_TEST(values["caf_node_queue_depth"] == 0);
  BOOST_TEST(values["caf_node_jobs_in_flight"] == 0);
  BOOST_TEST(values[R"(caf_node_nodes{state="down"})"] == 0);
}

BOOST_AUTO_TEST_CASE(each_request_is_logged_once_with_its_id) {
  test_support::request_options options;
  options.headers = {"Content-Type: image/png", "X-Request-Id: camera-7-0042"};
  auto reply = client.send("POST", "/v1/images", small_png(), options);
  BOOST_TEST_REQUIRE(reply.status == 201);
  BOOST_TEST(reply.header("X-Request-Id") == "camera-7-0042");
  std::string expected = "request id=camera-7-0042 method=POST route=/v1/images path=/v1/images "
                         "status=201 ms=";
  auto logged = [&] { return process.log().find(expected) != std::string::npos; };
  BOOST_TEST(test_support::poll_until(logged, deadline::in(start_limit)), process.log());

  auto generated = client.post("/v1/images", "not an image", "application/octet-stream");
  BOOST_TEST(generated.status == 415);
  BOOST_TEST(!generated.header("X-Request-Id").empty());
}

BOOST_AUTO_TEST_SUITE_END()

struct coordinator_without_workers : standalone_node {
  coordinator_without_workers() : standalone_node({"--worker.count=0"}) {}
};

BOOST_FIXTURE_TEST_CASE(not_ready_without_a_worker, coordinator_without_workers) {
  auto reply = client.get("/ready");
  BOOST_TEST(reply.status == 503, reply.body);
  BOOST_TEST(error_code_of(reply) == "unavailable");
  BOOST_TEST(reply.json()["error"]["message"] == "no worker is available");
  BOOST_TEST(client.get("/health").status == 200);
}

} // namespace integration
