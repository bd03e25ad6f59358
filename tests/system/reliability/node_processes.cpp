#include "tests/system/reliability/node_processes.hpp"

#include <signal.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace reliability {

namespace {

std::string file_text(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// Whether one of the NUL-separated arguments of `pid` equals `wanted`.
bool has_argument(pid_t pid, const std::string& wanted) {
  std::string arguments = file_text("/proc/" + std::to_string(pid) + "/cmdline");
  for (std::size_t start = 0; start < arguments.size();) {
    auto end = arguments.find('\0', start);
    if (end == std::string::npos)
      end = arguments.size();
    if (arguments.compare(start, end - start, wanted) == 0)
      return true;
    start = end + 1;
  }
  return false;
}

} // namespace

std::optional<pid_t> worker_process(pid_t head, const std::string& head_id, unsigned index) {
  const std::string argument = "--node.id=" + head_id + ".w" + std::to_string(index);
  // Children are listed per thread: the head forks from its supervisor
  // thread as well as from its main thread.
  std::error_code ignored;
  auto tasks = std::filesystem::path("/proc") / std::to_string(head) / "task";
  for (const auto& task : std::filesystem::directory_iterator(tasks, ignored)) {
    std::istringstream children(file_text(task.path() / "children"));
    for (pid_t child; children >> child;)
      if (has_argument(child, argument))
        return child;
  }
  return std::nullopt;
}

std::vector<pid_t> processes_with_argument(const std::string& argument) {
  std::vector<pid_t> found;
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ignored)) {
    auto name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") == std::string::npos &&
        has_argument(std::stoi(name), argument))
      found.push_back(std::stoi(name));
  }
  return found;
}

void send_signal(pid_t pid, int signal) {
  if (::kill(pid, signal) != 0)
    throw std::runtime_error("cannot send signal " + std::to_string(signal) + " to process " +
                             std::to_string(pid) + ": " + std::strerror(errno));
}

std::uintmax_t bytes_under(const std::filesystem::path& folder) {
  std::uintmax_t total = 0;
  std::error_code error;
  std::filesystem::recursive_directory_iterator entry(folder, error), end;
  for (; !error && entry != end; entry.increment(error)) {
    std::error_code vanished;
    if (entry->is_regular_file(vanished)) {
      auto size = entry->file_size(vanished);
      total += vanished ? 0 : size;
    }
  }
  return total;
}

} // namespace reliability
