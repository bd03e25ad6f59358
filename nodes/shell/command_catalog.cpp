#include "nodes/shell/command_catalog.hpp"

#include <algorithm>
#include <sstream>

namespace shell {

const std::vector<command_entry>& command_catalog() {
  static const std::vector<command_entry> catalog{
      {"nodes", "", "nodes the head knows: state, workers, jobs in flight, completed, failed"},
      {"workers", "", "every worker: its node, state, jobs in flight, completed, failed"},
      {"actors", "", "live actors by kind with mailbox sizes; passivated image actors"},
      {"images", "[N]", "the newest N images (default 10) with their version counts"},
      {"image", "ID", "an image's versions: status, operations, node, attempts"},
      {"jobs", "", "jobs queued and running, with worker, node and age"},
      {"stats", "", "requests and jobs of the last minute: rate, p50 and p99 latency"},
      {"config", "", "the head's effective configuration, secrets hidden"},
      {"operations", "", "the operations commands may use: syntax and summary"},
      {"webhooks", "", "webhooks: receiver, events, deliveries, retries and the last attempt"},
      {"drain", "NODE", "stop sending jobs to NODE; running jobs finish"},
      {"undrain", "NODE", "send jobs to NODE again"},
      {"watch", "", "nodes and jobs, refreshed every second until a key is pressed", true},
      {"help", "", "this list", true},
      {"quit", "", "leave the shell (also exit, Ctrl-D)", true},
  };
  return catalog;
}

std::string help_text() {
  std::size_t width = 0;
  for (const auto& entry : command_catalog())
    width = std::max(width, entry.name.size() + 1 + entry.arguments.size());
  std::string text;
  for (const auto& entry : command_catalog()) {
    auto usage = entry.name + (entry.arguments.empty() ? "" : " " + entry.arguments);
    text += usage + std::string(width - usage.size() + 2, ' ') + entry.summary + "\n";
  }
  return text;
}

std::vector<std::string> split_words(const std::string& line) {
  std::istringstream input(line);
  std::vector<std::string> words;
  for (std::string word; input >> word;)
    words.push_back(word);
  return words;
}

} // namespace shell
