#include "nodes/child_workers.hpp"

#include <algorithm>
#include <csignal>
#include <cstring>

#include <spdlog/spdlog.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace nodes {

namespace {

using clock_type = std::chrono::steady_clock;

/// A child that lived shorter than this counts as dying young.
constexpr auto young = std::chrono::seconds(10);
constexpr auto first_backoff = std::chrono::milliseconds(200);
constexpr auto max_backoff = std::chrono::seconds(10);
constexpr auto poll_interval = std::chrono::milliseconds(50);

std::string describe(int status) {
  if (WIFEXITED(status))
    return "exit code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status))
    return std::string("signal ") + strsignal(WTERMSIG(status));
  return "status " + std::to_string(status);
}

} // namespace

child_workers::child_workers(child_workers_options options)
    : options_(std::move(options)), children_(options_.count) {}

child_workers::~child_workers() {
  stop(std::chrono::seconds(0));
}

pid_t child_workers::spawn(std::size_t index) {
  // Everything the child needs is prepared before fork: between fork and
  // exec only async-signal-safe calls are allowed.
  std::vector<std::string> args{"caf-node", "--config-file=/dev/null"};
  args.insert(args.end(), options_.args.begin(), options_.args.end());
  args.push_back("--node.id=" + options_.node_id_prefix + std::to_string(index + 1));
  std::vector<char*> argv;
  for (auto& arg : args)
    argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings;
  for (char** entry = environ; *entry != nullptr; ++entry)
    if (std::strncmp(*entry, "CAF_NODE_CLUSTER_SECRET=", 24) != 0)
      env_strings.emplace_back(*entry);
  if (!options_.secret.empty())
    env_strings.push_back("CAF_NODE_CLUSTER_SECRET=" + options_.secret);
  std::vector<char*> envp;
  for (auto& entry : env_strings)
    envp.push_back(entry.data());
  envp.push_back(nullptr);
  auto parent = getpid();
  sigset_t none;
  sigemptyset(&none);

  auto pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
      _exit(1); // the head died before prctl took effect
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execve("/proc/self/exe", argv.data(), envp.data());
    _exit(127);
  }
  if (pid < 0)
    spdlog::error("cannot start worker process {}: {}", index + 1, std::strerror(errno));
  return pid;
}

void child_workers::start() {
  std::lock_guard guard{mutex_};
  auto now = clock_type::now();
  for (std::size_t i = 0; i < children_.size(); ++i) {
    children_[i].pid = spawn(i);
    children_[i].started = now;
    children_[i].restart_at = now;
    children_[i].backoff = first_backoff;
  }
  supervisor_ = std::thread([this] { supervise(); });
}

void child_workers::reap(pid_t pid, int status) {
  auto it = std::find_if(children_.begin(), children_.end(),
                         [pid](const child& c) { return c.pid == pid; });
  if (it == children_.end())
    return;
  it->pid = -1;
  if (stopping_)
    return;
  auto now = clock_type::now();
  it->backoff = now - it->started < young
                    ? std::min(it->backoff * 2, std::chrono::milliseconds(max_backoff))
                    : std::chrono::milliseconds(first_backoff);
  it->restart_at = now + it->backoff;
  spdlog::warn("worker process {} ended ({}); restarting it in {} ms",
               options_.node_id_prefix + std::to_string(it - children_.begin() + 1),
               describe(status), it->backoff.count());
}

void child_workers::supervise() {
  std::unique_lock lock{mutex_};
  for (;;) {
    int status = 0;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
      reap(pid, status);
    bool any_running =
        std::any_of(children_.begin(), children_.end(), [](const child& c) { return c.pid > 0; });
    if (stopping_ && !any_running)
      return;
    if (!stopping_) {
      auto now = clock_type::now();
      for (std::size_t i = 0; i < children_.size(); ++i) {
        auto& c = children_[i];
        if (c.pid < 0 && now >= c.restart_at) {
          c.pid = spawn(i);
          c.started = now;
        }
      }
    }
    wake_.wait_for(lock, poll_interval);
  }
}

void child_workers::replace(const std::string& node_id) {
  std::lock_guard guard{mutex_};
  for (std::size_t i = 0; i < children_.size(); ++i) {
    auto& c = children_[i];
    if (options_.node_id_prefix + std::to_string(i + 1) != node_id || c.pid <= 0 || stopping_)
      continue;
    spdlog::warn("worker process {} (pid {}) is hung; killing it to start a new one", node_id,
                 c.pid);
    kill(c.pid, SIGKILL);
  }
}

void child_workers::stop(std::chrono::milliseconds grace) {
  {
    std::lock_guard guard{mutex_};
    if (!supervisor_.joinable())
      return;
    stopping_ = true;
    for (const auto& c : children_)
      if (c.pid > 0)
        kill(c.pid, SIGTERM);
  }
  auto deadline = clock_type::now() + grace;
  {
    std::unique_lock lock{mutex_};
    while (clock_type::now() < deadline && std::any_of(children_.begin(), children_.end(),
                                                       [](const child& c) { return c.pid > 0; }))
      wake_.wait_for(lock, poll_interval);
    for (const auto& c : children_)
      if (c.pid > 0)
        kill(c.pid, SIGKILL);
  }
  wake_.notify_all();
  supervisor_.join();
}

} // namespace nodes
