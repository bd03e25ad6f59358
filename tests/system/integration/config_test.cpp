// caf-node refuses bad configuration at once, with a message on stderr that
// names the option, and never starts serving with it.

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "tests/system/integration/standalone_node.hpp"

namespace integration {

namespace {

using test_support::deadline;

// A refused configuration must end the process at once; this bound only
// stops a node that started serving instead.
constexpr std::chrono::seconds exit_limit{10};

// What a node logs once it serves.
const std::string serving_line = "serving http://";

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

struct run_result {
  int exit_status;
  std::string output;
};

struct config_fixture {
  /// Runs caf-node with `args` until it exits by itself.
  run_result run(std::vector<std::string> args) {
    test_support::node_options options;
    options.name = "run-" + std::to_string(++runs);
    options.args = std::move(args);
    auto& node = workspace.add(std::move(options));
    node.start();
    auto status = node.wait_for_exit(deadline::in(exit_limit));
    BOOST_TEST_REQUIRE(status.has_value(), "caf-node still runs:\n" << node.log_tail(10));
    return {*status, node.output_of_latest_start()};
  }

  /// Runs caf-node with `args`; requires that it refuses to start with a
  /// message holding every one of `named`.
  void expect_refused(std::vector<std::string> args, const std::vector<std::string>& named) {
    auto result = run(std::move(args));
    BOOST_TEST(result.exit_status != 0);
    BOOST_TEST(!contains(result.output, serving_line), result.output);
    for (const auto& part : named)
      BOOST_TEST(contains(result.output, part), "no " << part << " in:\n" << result.output);
  }

  /// A config file in the workspace holding `text`; returns its path.
  std::string config_file(const std::string& text) {
    auto path = workspace.path() / ("config-" + std::to_string(++files) + ".ini");
    std::ofstream(path) << text;
    return path.string();
  }

  test_workspace workspace;
  int runs = 0;
  int files = 0;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(config, config_fixture)

BOOST_AUTO_TEST_CASE(an_unknown_command_line_option_is_named) {
  expect_refused({"--http.prot=8080"}, {"--http.prot"});
}

BOOST_AUTO_TEST_CASE(a_mistyped_command_line_value_is_named) {
  expect_refused({"--http.port=eighty"}, {"http.port", "eighty"});
}

BOOST_AUTO_TEST_CASE(an_unknown_key_in_the_config_file_is_named) {
  auto file = config_file("[http]\nthreads=2\nmax-bodyy=1024\n");
  expect_refused({"--config-file=" + file}, {"unknown option http.max-bodyy", file});
}

BOOST_AUTO_TEST_CASE(a_mistyped_value_in_the_config_file_is_named) {
  auto file = config_file("[worker]\ncount=\"two\"\n");
  expect_refused({"--config-file=" + file}, {"worker.count", "two", file});
}

BOOST_AUTO_TEST_CASE(an_unknown_role_is_named_with_the_accepted_ones) {
  expect_refused({"--node.role=mainframe"}, {"node.role", "\"mainframe\"", "standalone"});
}

BOOST_AUTO_TEST_CASE(a_worker_without_a_valid_head_address_is_refused) {
  for (const std::string head :
       {"127.0.0.1", ":4242", "127.0.0.1:", "127.0.0.1:42x", "127.0.0.1:0", "127.0.0.1:65536"})
    expect_refused({"--node.role=worker", "--cluster.head=" + head}, {"--cluster.head=HOST:PORT"});
}

BOOST_AUTO_TEST_CASE(an_out_of_range_value_is_named) {
  expect_refused({"--http.max-body=10"}, {"http.max-body"});
}

// config/caf-node.ini documents every option with its default: it must
// stay a file caf-node starts with.
BOOST_AUTO_TEST_CASE(the_documented_config_file_starts_the_node) {
  test_support::node_options options;
  options.name = "documented";
  options.args = {std::string("--config-file=") + CAF_NODE_CONFIG_FILE};
  auto& node = workspace.add(options);
  node.start();
  node.wait_until_healthy(deadline::in(start_limit));
  BOOST_TEST(node.running());
}

BOOST_AUTO_TEST_CASE(a_port_or_storage_in_use_by_another_node_is_named) {
  test_support::node_options first_options;
  first_options.name = "first";
  auto& first = workspace.add(first_options);
  first.start();
  first.wait_until_healthy(deadline::in(start_limit));

  auto http_port = std::to_string(first.http_port());
  expect_refused({"--http.port=" + http_port}, {"127.0.0.1:" + http_port, "in use"});
  auto cluster_port = std::to_string(first.cluster_port());
  expect_refused({"--cluster.port=" + cluster_port}, {"127.0.0.1:" + cluster_port});
  expect_refused({"--storage.path=" + first.storage_dir().string()},
                 {first.storage_dir().string(), "in use"});
  BOOST_TEST(first.running());
}

BOOST_AUTO_TEST_CASE(help_lists_the_options_and_exits_0) {
  auto result = run({"--help"});
  BOOST_TEST(result.exit_status == 0, result.output);
  for (const auto& option : {"--config-file", "--http.port", "--storage.path", "--node.role",
                             "--worker.count", "--profiles.path"})
    BOOST_TEST(contains(result.output, option), "--help does not mention " << option);
  BOOST_TEST(!contains(result.output, serving_line), result.output);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_CASE(help_names_the_config_file_caf_node_reads, config_fixture) {
  auto result = run({"--help"});
  BOOST_TEST(result.exit_status == 0);
  BOOST_TEST(contains(result.output, "caf-node.ini"), result.output);
  BOOST_TEST(!contains(result.output, "caf-application.ini"), result.output);
}

} // namespace integration
