// caf-shell: inspects a running head over the cluster port.

#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

#include <caf/actor_system.hpp>
#include <caf/io/middleman.hpp>
#include <caf/openssl/manager.hpp>

#include "actors/protocol.hpp"
#include "nodes/argument_list.hpp"
#include "nodes/cluster_secret_source.hpp"
#include "nodes/shell/command_catalog.hpp"
#include "nodes/shell/command_runner.hpp"
#include "nodes/shell/inspector_session.hpp"
#include "nodes/shell/line_editor.hpp"
#include "nodes/shell/shell_config.hpp"

namespace {

/// CAF takes options as --name=value; people write -c "COMMAND" and --help.
std::vector<std::string> caf_arguments(int argc, char** argv) {
  std::vector<std::string> arguments;
  for (int i = 0; i < argc; ++i) {
    std::string argument = argv[i];
    if ((argument == "-c" || argument == "--command") && i + 1 < argc)
      arguments.push_back("--command=" + std::string(argv[++i]));
    else if (argument == "--help" || argument == "-h")
      arguments.push_back("--long-help");
    else
      arguments.push_back(argument);
  }
  return arguments;
}

std::vector<std::string> completions(shell::command_runner& runner,
                                     const std::vector<std::string>& before) {
  std::vector<std::string> candidates;
  if (before.empty()) {
    for (const auto& entry : shell::command_catalog())
      candidates.push_back(entry.name);
    candidates.push_back("exit");
  } else if (before.size() == 1 && before[0] == "image") {
    candidates = runner.image_ids();
  } else if (before.size() == 1 && (before[0] == "drain" || before[0] == "undrain")) {
    candidates = runner.node_ids();
  }
  return candidates;
}

void interact(shell::command_runner& runner, const std::string& head) {
  std::cout << "connected to " << head << "; type help for the commands\n";
  shell::line_editor editor("caf-shell> ", [&runner](const std::vector<std::string>& before) {
    return completions(runner, before);
  });
  while (auto line = editor.read_line()) {
    auto words = shell::split_words(*line);
    if (!words.empty() && (words[0] == "quit" || words[0] == "exit"))
      return;
    runner.run_line(*line);
  }
  std::cout << "\n";
}

/// Runs the lines of standard input in order, all of them; false when any
/// failed. Lines starting with # are comments.
bool run_script(shell::command_runner& runner) {
  bool all_ran = true;
  for (std::string line; std::getline(std::cin, line);) {
    auto words = shell::split_words(line);
    if (words.empty() || words[0].front() == '#')
      continue;
    if (words[0] == "quit" || words[0] == "exit")
      break;
    all_ran = runner.run_line(line) && all_ran;
  }
  return all_ran;
}

} // namespace

int main(int argc, char** argv) {
  shell::shell_config cfg;
  actors::announce_protocol(cfg);
  cfg.load<caf::io::middleman>();
  cfg.load<caf::openssl::manager>();
  nodes::argument_list arguments(caf_arguments(argc, argv));
  auto problems = cfg.read_options(arguments.argc(), arguments.argv());
  if (cfg.help_printed())
    return 0;
  std::string secret;
  try {
    if (problems.empty())
      secret = nodes::read_cluster_secret(cfg.cluster_secret, cfg.cluster_secret_file);
  } catch (const std::exception& failure) {
    problems.push_back(failure.what());
  }
  if (!problems.empty()) {
    for (const auto& problem : problems)
      std::cerr << "caf-shell: " << problem << "\n";
    return 2;
  }

  caf::actor_system system{cfg};
  auto session = shell::inspector_session::open(system, cfg, secret);
  if (!session) {
    std::cerr << "caf-shell: " << session.error().message << "\n";
    return 1;
  }
  shell::command_runner runner(**session, cfg.json, std::cout, std::cerr);
  bool succeeded = true;
  if (!cfg.command.empty())
    succeeded = runner.run_line(cfg.command);
  else if (isatty(STDIN_FILENO))
    interact(runner, cfg.connect);
  else
    succeeded = run_script(runner);
  return succeeded ? 0 : 1;
}
