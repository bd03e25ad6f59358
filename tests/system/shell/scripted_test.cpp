// caf-shell as scripts use it (-c, standard input, --json) against a real
// head with real worker nodes: every command, drain, and every refusal.

#include <boost/test/unit_test.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "actors/imaging/operation_catalog.hpp"
#include "tests/system/shell/inspected_cluster.hpp"

namespace shell_tests {

namespace {

using nlohmann::json;

std::size_t lines_of(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

/// The row of `table` whose `key` is `value`; null when none is.
json row_where(const json& table, const std::string& key, const std::string& value) {
  for (const auto& row : table)
    if (row[key] == value)
      return row;
  return nullptr;
}

/// A port nothing listens on (the kernel just handed it out and it was
/// closed again).
std::uint16_t unused_port() {
  int probe = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length);
  close(probe);
  return ntohs(address.sin_port);
}

/// A failed run: exit status 1 and exactly one line on stderr, containing
/// `reason`.
void expect_refusal(const shell_run& run, const std::string& reason) {
  BOOST_TEST(run.exit_code == 1, run.err);
  BOOST_TEST(lines_of(run.err) == 1u, run.err);
  BOOST_TEST(run.err.rfind("caf-shell: ", 0) == 0, run.err);
  BOOST_TEST(cluster_tests::contains(run.err, reason), run.err);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(scripted, inspected_cluster)

BOOST_AUTO_TEST_CASE(nodes_and_workers_list_the_cluster_as_tables_and_json) {
  auto listed = json_of("nodes")["nodes"];
  BOOST_TEST_REQUIRE(listed.size() == 3u, listed.dump());
  for (const auto* id : {"head", "one", "two"}) {
    auto node = row_where(listed, "id", id);
    BOOST_TEST_REQUIRE(!node.is_null(), listed.dump());
    BOOST_TEST(node["state"] == "up", node.dump());
    BOOST_TEST(node["role"] == (std::string(id) == "head" ? "head" : "worker"), node.dump());
    BOOST_TEST(node["workers"] == (std::string(id) == "head" ? 0 : 1), node.dump());
  }

  auto workers = json_of("workers")["workers"];
  BOOST_TEST_REQUIRE(workers.size() == 2u, workers.dump());
  std::set<std::string> worker_nodes;
  for (const auto& worker : workers) {
    worker_nodes.insert(worker["node"].get<std::string>());
    BOOST_TEST(
        worker["worker"].get<std::string>().rfind(worker["node"].get<std::string>() + "#", 0) == 0,
        worker.dump());
    BOOST_TEST(worker["state"] == "idle", worker.dump());
    BOOST_TEST(worker["in_flight"] == 0, worker.dump());
  }
  BOOST_TEST((worker_nodes == std::set<std::string>{"one", "two"}));

  auto table = shell({"-c", "nodes"});
  BOOST_TEST_REQUIRE(table.exit_code == 0, table.err);
  // The columns of GET /v1/cluster, in the order of the node record's fields.
  BOOST_TEST(table.out.rfind("id    address", 0) == 0, table.out);
  BOOST_TEST(lines_of(table.out) == 4u, table.out);
}

BOOST_AUTO_TEST_CASE(image_and_images_show_versions_with_the_node_that_ran_them) {
  const auto& id = image_with_versions();

  auto image = json_of("image " + id);
  BOOST_TEST(image["id"] == id);
  BOOST_TEST(image["size"] == "1280x720");
  BOOST_TEST(image["pending"] == 0);
  auto versions = image["versions"];
  BOOST_TEST_REQUIRE(versions.size() == 2u, image.dump());
  BOOST_TEST(versions[0]["ops"] == "flip");
  BOOST_TEST(versions[1]["ops"] == "resize 64 64");
  for (const auto& version : versions) {
    BOOST_TEST(version["status"] == "done", version.dump());
    BOOST_TEST((version["node"] == "one" || version["node"] == "two"), version.dump());
    BOOST_TEST(version["attempts"] >= 1, version.dump());
  }

  auto images = json_of("images 5")["images"];
  auto listed = row_where(images, "id", id);
  BOOST_TEST_REQUIRE(!listed.is_null(), images.dump());
  BOOST_TEST(listed["versions"] == 2);
  BOOST_TEST(listed["pending"] == 0);
  BOOST_TEST(json_of("images 1")["images"].size() == 1u);

  auto text = shell({"-c", "image " + id});
  BOOST_TEST_REQUIRE(text.exit_code == 0, text.err);
  BOOST_TEST(cluster_tests::contains(text.out, "id: " + id + "\n"), text.out);
  BOOST_TEST(cluster_tests::contains(text.out, "resize 64 64"), text.out);
}

BOOST_AUTO_TEST_CASE(actors_jobs_stats_and_config_describe_the_head) {
  image_with_versions();

  auto actors = json_of("actors");
  BOOST_TEST(actors["passivated_images"].is_number());
  for (const auto* kind : {"inspector", "dispatcher", "image_registry", "image_actor"}) {
    auto row = row_where(actors["actors"], "kind", kind);
    BOOST_TEST_REQUIRE(!row.is_null(), actors.dump());
    BOOST_TEST(row["count"] >= 1, row.dump());
    BOOST_TEST(row["mailbox"].is_number(), row.dump());
    BOOST_TEST(row["max_mailbox"] <= row["mailbox"], row.dump());
  }

  auto jobs = json_of("jobs");
  BOOST_TEST(jobs["queued"] == 0, jobs.dump());
  BOOST_TEST(jobs["running"] == 0, jobs.dump());
  BOOST_TEST(jobs["jobs"].empty(), jobs.dump());
  auto empty_jobs = shell({"-c", "jobs"});
  BOOST_TEST(cluster_tests::contains(empty_jobs.out, "(no jobs)"), empty_jobs.out);

  auto stats = json_of("stats");
  BOOST_TEST(stats["window_s"] == 60);
  auto job_figures = row_where(stats["stats"], "what", "jobs");
  auto request_figures = row_where(stats["stats"], "what", "requests");
  BOOST_TEST(job_figures["count"] >= 2, stats.dump());
  BOOST_TEST(job_figures["p99_ms"] >= job_figures["p50_ms"], stats.dump());
  BOOST_TEST(request_figures["count"] >= 3, stats.dump());

  auto config = json_of("config")["config"];
  BOOST_TEST(row_where(config, "option", "cluster.secret")["value"] == "(hidden)", config.dump());
  BOOST_TEST(row_where(config, "option", "node.role")["value"] == "head", config.dump());
  BOOST_TEST(row_where(config, "option", "worker.count")["value"] == "0", config.dump());
  BOOST_TEST(!cluster_tests::contains(config.dump(), cluster_secret), config.dump());
}

BOOST_AUTO_TEST_CASE(operations_lists_the_catalog_with_its_syntax) {
  auto operations = json_of("operations")["operations"];
  BOOST_TEST(operations.size() == imaging::operation_catalog().size());
  BOOST_TEST(row_where(operations, "name", "annotate")["syntax"] ==
                 "annotate <text> [<gravity>] [<size>] [<color>]",
             operations.dump());
  BOOST_TEST(row_where(operations, "name", "watermark")["syntax"] ==
                 "watermark <image> [<gravity>] [<opacity>]",
             operations.dump());
  auto table = shell({"-c", "operations"});
  BOOST_TEST(cluster_tests::contains(table.out, "crop <width> <height> [<x>] [<y>] [<gravity>]"),
             table.out);
  BOOST_TEST(cluster_tests::contains(table.out, "stats"), table.out);
}

BOOST_AUTO_TEST_CASE(webhooks_lists_each_webhook_and_its_deliveries) {
  BOOST_TEST(json_of("webhooks")["webhooks"].empty());
  auto empty = shell({"-c", "webhooks"});
  BOOST_TEST(cluster_tests::contains(empty.out, "(no webhooks)"), empty.out);
  // Nothing listens on port 9: deliveries fail and are retried.
  auto created =
      nodes.client.post("/v1/webhooks",
                        R"({"url": "http://127.0.0.1:9/hook", "events": ["image.created"],
          "filter": {"label": ["line:3"]}})",
                        "application/json");
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  std::string id = created.json()["id"];
  BOOST_TEST(
      nodes.client.post("/v1/images?label=line:3", cluster_tests::camera_frame(), "image/jpeg")
          .status == 201);
  json row;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  do {
    row = row_where(json_of("webhooks")["webhooks"], "id", id);
  } while ((row.is_null() || row["attempts"] < 1) && std::chrono::steady_clock::now() < deadline);
  BOOST_TEST_REQUIRE(!row.is_null());
  BOOST_TEST(row["url"] == "http://127.0.0.1:9/hook");
  BOOST_TEST(row["events"] == "image.created");
  BOOST_TEST(row["labels"] == "line:3");
  BOOST_TEST(row["attempts"] >= 1, row.dump());
  BOOST_TEST(row["delivered"] == 0);
  BOOST_TEST(row["next_retry"].is_string(), row.dump());
  BOOST_TEST(row["last_error"].is_string(), row.dump());
  auto table = shell({"-c", "webhooks"});
  BOOST_TEST(cluster_tests::contains(table.out, id), table.out);
  BOOST_TEST(!cluster_tests::contains(table.out, "secret"), table.out);
}

BOOST_AUTO_TEST_CASE(a_drained_node_gets_no_jobs_until_undrained) {
  BOOST_TEST(json_of("drain two") == (json{{"node", "two"}, {"state", "draining"}}));
  BOOST_TEST(nodes.node("two")["state"] == "draining");
  BOOST_TEST(row_where(json_of("nodes")["nodes"], "id", "two")["state"] == "draining");
  BOOST_TEST(row_where(json_of("workers")["workers"], "node", "two")["state"] == "draining");

  auto work = cluster_tests::submit(nodes, 4, 1, "flop");
  auto by_node = cluster_tests::versions_done_once(
      work, cluster_tests::settled(nodes, work, deadline::in(cluster_tests::work_limit)));
  BOOST_TEST(by_node["one"] == work.size());
  BOOST_TEST(by_node.count("two") == 0u);

  BOOST_TEST(json_of("undrain two") == (json{{"node", "two"}, {"state", "up"}}));
  BOOST_TEST(nodes.node("two")["state"] == "up");
  expect_refusal(shell({"-c", "drain nowhere"}), "no node nowhere is up or draining");
}

BOOST_AUTO_TEST_CASE(commands_on_standard_input_run_in_order) {
  auto run = shell({"--json"}, "# a comment\nnodes\n\nworkers\n");
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  std::istringstream lines(run.out);
  std::string first;
  std::string second;
  std::getline(lines, first);
  std::getline(lines, second);
  BOOST_TEST(json::parse(first).contains("nodes"), first);
  BOOST_TEST(json::parse(second).contains("workers"), second);
  BOOST_TEST(lines_of(run.out) == 2u, run.out);

  // A failing line does not stop the script, but the exit status tells.
  auto failing = shell({}, "frobnicate\nnodes\n");
  expect_refusal(failing, "unknown command \"frobnicate\"");
  BOOST_TEST(cluster_tests::contains(failing.out, "head"), failing.out);
}

BOOST_AUTO_TEST_CASE(errors_are_one_line_on_stderr_and_a_non_zero_exit) {
  expect_refusal(shell({"-c", "frobnicate"}), "unknown command \"frobnicate\"");
  expect_refusal(shell({"-c", "image 0000000000000000"}), "not found");
  expect_refusal(shell({"-c", "images many"}), "usage: images [N]");

  auto port = "--connect=127.0.0.1:" + std::to_string(nodes.head.cluster_port());
  auto folder = nodes.workspace.path();
  auto wrong = run_shell({port, "--cluster.secret=guess", "-c", "nodes"}, "", folder,
                         deadline::in(shell_limit));
  expect_refusal(wrong, "wrong cluster secret");
  BOOST_TEST(wrong.out.empty(), wrong.out);
  expect_refusal(run_shell({port, "-c", "nodes"}, "", folder, deadline::in(shell_limit)),
                 "wrong cluster secret");
  auto head_log = nodes.head.log();
  auto refusal = head_log.find("refused shell caf-shell@");
  BOOST_TEST_REQUIRE(refusal != std::string::npos, head_log);
  auto refusal_line = head_log.substr(refusal, head_log.find('\n', refusal) - refusal);
  BOOST_TEST(cluster_tests::contains(refusal_line, " (127.0.0.1, "), refusal_line);
  BOOST_TEST(cluster_tests::contains(refusal_line, "): wrong cluster secret"), refusal_line);

  auto closed = "--connect=127.0.0.1:" + std::to_string(unused_port());
  expect_refusal(run_shell({closed, "-c", "nodes"}, "", folder, deadline::in(shell_limit)),
                 "cannot reach the head at 127.0.0.1:");
  // The HTTP port listens, but speaks no CAF.
  auto http = "--connect=127.0.0.1:" + std::to_string(nodes.head.http_port());
  expect_refusal(
      run_shell({http, "--timeout=1s", "-c", "nodes"}, "", folder, deadline::in(shell_limit)),
      "127.0.0.1:");

  auto option = run_shell({port, "--colour=yes"}, "", folder, deadline::in(shell_limit));
  BOOST_TEST(option.exit_code == 2, option.err);
  BOOST_TEST(cluster_tests::contains(option.err, "colour"), option.err);
  auto no_head = run_shell({"-c", "nodes"}, "", folder, deadline::in(shell_limit));
  BOOST_TEST(no_head.exit_code == 2, no_head.err);
  BOOST_TEST(cluster_tests::contains(no_head.err, "--connect=HOST:PORT is required"), no_head.err);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace shell_tests
