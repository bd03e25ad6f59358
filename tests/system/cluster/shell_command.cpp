#include "tests/system/cluster/shell_command.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <stdexcept>

namespace cluster_tests {

std::string quoted(const std::string& word) {
  // Single quotes keep every byte literal in sh, except a single quote.
  std::string text = "'";
  for (char c : word)
    text += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return text + "'";
}

std::string run_command(const std::vector<std::string>& words) {
  std::string command;
  for (const auto& word : words)
    command += (command.empty() ? "" : " ") + quoted(word);
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr)
    throw std::runtime_error("cannot run " + command);
  std::string output;
  char buffer[4096];
  while (auto count = std::fread(buffer, 1, sizeof buffer, pipe))
    output.append(buffer, count);
  int status = ::pclose(pipe);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(command + " failed (wait status " + std::to_string(status) +
                             "): " + output);
  return output;
}

} // namespace cluster_tests
