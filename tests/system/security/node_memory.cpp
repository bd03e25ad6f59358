#include "tests/system/security/node_memory.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>

namespace security_test {

namespace {

std::string read_all(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// The parent pid from /proc/<pid>/stat, whose second field (the command
// name, in parentheses) may hold spaces.
pid_t parent_of(const std::filesystem::path& proc_dir) {
  std::string stat = read_all(proc_dir / "stat");
  auto close = stat.rfind(')');
  if (close == std::string::npos)
    return -1;
  std::istringstream rest(stat.substr(close + 1));
  std::string state;
  pid_t parent = -1;
  rest >> state >> parent;
  return parent;
}

} // namespace

pid_t node_pid(std::uint16_t http_port) {
  const std::string argument = "--http.port=" + std::to_string(http_port);
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos)
      continue;
    if (parent_of(entry.path()) != ::getpid())
      continue;
    // Arguments are separated by NUL bytes.
    std::istringstream arguments(read_all(entry.path() / "cmdline"));
    for (std::string given; std::getline(arguments, given, '\0');)
      if (given == argument)
        return static_cast<pid_t>(std::stol(name));
  }
  throw std::runtime_error("no child process serves HTTP on port " + std::to_string(http_port));
}

std::uint64_t resident_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0)
      return std::stoull(line.substr(6));
  throw std::runtime_error("process " + std::to_string(pid) + " has no VmRSS (gone?)");
}

} // namespace security_test
