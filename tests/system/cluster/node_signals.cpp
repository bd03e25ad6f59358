#include "tests/system/cluster/node_signals.hpp"

#include <signal.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace cluster_tests {

namespace {

bool is_number(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

// The arguments of a process, NUL-separated; "" once it is gone.
std::string arguments_of(const std::filesystem::path& process) {
  std::ifstream file(process / "cmdline", std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

} // namespace

pid_t process_id_of(const test_support::node_process& node) {
  std::string argument = "--storage.path=" + node.storage_dir().string();
  argument.push_back('\0');
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ignored)) {
    auto name = entry.path().filename().string();
    if (!is_number(name))
      continue;
    std::string arguments = arguments_of(entry.path());
    if (arguments.find(argument) != std::string::npos)
      return static_cast<pid_t>(std::stol(name));
  }
  throw std::runtime_error("no process of node " + node.name() + " runs");
}

void send_signal(const test_support::node_process& node, int signal) {
  if (::kill(process_id_of(node), signal) != 0)
    throw std::runtime_error("cannot send signal " + std::to_string(signal) + " to node " +
                             node.name() + ": " + std::strerror(errno));
}

} // namespace cluster_tests
