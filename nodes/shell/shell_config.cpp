#include "nodes/shell/shell_config.hpp"

#include <caf/config_option_adder.hpp>

#include "nodes/host_port.hpp"

namespace shell {

shell_config::shell_config() {
  config_file_path.clear();
  opt_group{custom_options_, "global"}
      .add(connect, "connect", "HOST:PORT where the head accepts worker nodes (cluster.port)")
      .add(command, "command,c", "run this command and exit")
      .add(json, "json", "print JSON instead of tables")
      .add(timeout, "timeout", "deadline of each request to the head");
  opt_group{custom_options_, "cluster"}
      .add(cluster_secret, "secret", "the cluster secret")
      .add(cluster_secret_file, "secret-file", "file holding the cluster secret");
}

std::vector<std::string> shell_config::read_options(int argc, char** argv) {
  if (auto failure = parse(argc, argv, nullptr))
    return {"invalid command line: " + caf::to_string(failure) +
            " (see caf-shell --help for the options)"};
  if (!remainder.empty())
    return {"unexpected argument \"" + remainder.front() +
            "\" (options look like --connect=HOST:PORT; quote a command: -c \"image ID\")"};
  if (cli_helptext_printed)
    return {};
  std::vector<std::string> problems;
  if (!cluster_secret.empty() && !cluster_secret_file.empty())
    problems.push_back("set cluster.secret or cluster.secret-file, not both");
  if (timeout.count() <= 0)
    problems.push_back("timeout must be positive");
  if (connect.empty()) {
    problems.push_back("--connect=HOST:PORT is required (the head's cluster.port)");
    return problems;
  }
  auto head = nodes::parse_host_port(connect);
  if (!head) {
    problems.push_back("--connect=" + connect + " is not HOST:PORT (port 1 to 65535)");
    return problems;
  }
  host = head->host;
  port = head->port;
  return problems;
}

} // namespace shell
