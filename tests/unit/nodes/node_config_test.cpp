#define BOOST_TEST_MODULE nodes
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "nodes/node_config.hpp"

namespace {

// The options after reading `args` (the program name first).
std::vector<std::pair<std::string, std::string>> options_after(std::vector<std::string> args) {
  nodes::node_config cfg;
  std::vector<char*> argv;
  for (auto& arg : args)
    argv.push_back(arg.data());
  auto problems = cfg.read_options(static_cast<int>(argv.size()), argv.data());
  BOOST_TEST_REQUIRE(problems.empty(), problems.front());
  return cfg.effective_options();
}

} // namespace

BOOST_AUTO_TEST_SUITE(node_config_tests)

// config/caf-node.ini documents every option with its default: reading it
// must change nothing (config/defaults.hpp holds the defaults).
BOOST_AUTO_TEST_CASE(the_documented_config_file_holds_the_defaults) {
  auto defaults = options_after({"caf-node"});
  auto documented =
      options_after({"caf-node", std::string("--config-file=") + CAF_NODE_CONFIG_FILE});
  BOOST_TEST_REQUIRE(defaults.size() == documented.size());
  for (std::size_t i = 0; i < defaults.size(); ++i) {
    BOOST_TEST(documented[i].first == defaults[i].first);
    BOOST_TEST(documented[i].second == defaults[i].second, documented[i].first);
  }
}

BOOST_AUTO_TEST_CASE(the_command_line_wins_over_the_file) {
  auto options = options_after(
      {"caf-node", std::string("--config-file=") + CAF_NODE_CONFIG_FILE, "--http.port=9000"});
  bool found = false;
  for (const auto& [name, value] : options)
    if (name == "http.port") {
      found = true;
      BOOST_TEST(value == "9000");
    }
  BOOST_TEST(found);
}

BOOST_AUTO_TEST_SUITE_END()
