#include "tests/system/shell/shell_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace shell_tests {

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

} // namespace

std::string shell_path() {
  return CAF_SHELL_PATH;
}

shell_run run_shell(const std::vector<std::string>& args, const std::string& input,
                    const std::filesystem::path& folder, test_support::deadline until) {
  auto in = folder / "shell.in";
  auto out = folder / "shell.out";
  auto err = folder / "shell.err";
  std::ofstream(in) << input;
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, STDIN_FILENO, in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&files, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  std::vector<std::string> words{shell_path()};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& word : words)
    argv.push_back(word.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int failure = posix_spawn(&pid, argv[0], &files, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  if (failure != 0)
    throw std::runtime_error("cannot start " + shell_path());
  int status = 0;
  bool exited =
      test_support::poll_until([&] { return waitpid(pid, &status, WNOHANG) == pid; }, until);
  shell_run result;
  if (!exited) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  } else if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  }
  result.out = read_file(out);
  result.err = read_file(err);
  return result;
}

} // namespace shell_tests
