#pragma once

// One caf-node child process, for tests that run the real executable: a
// standalone node, or a head or worker among several nodes, each with its
// own arguments. See node_workspace.hpp for a test's set of nodes.
// Independent of any test framework.

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/deadline.hpp"

namespace test_support {

/// A TCP port on 127.0.0.1 that was free a moment ago: the one the kernel
/// gives to a socket bound to port 0. Another process may take it before it
/// is used, which is unlikely enough for tests. Throws std::runtime_error
/// when no socket can be bound.
std::uint16_t free_port();

/// How to run one node.
struct node_options {
  /// Names the node's folder and its --node.id.
  std::string name = "node";
  /// Added after the defaults (the last value of an option wins), e.g.
  /// "--worker.count=1" or "--node.role=worker".
  std::vector<std::string> args;
  /// Run in front of the executable, e.g. {"ip", "netns", "exec", "ns1"};
  /// the first word is looked up in PATH. The prefix must exec the node or
  /// keep it in its process group, so that signals reach it.
  std::vector<std::string> command_prefix;
  /// Port of the HTTP API; 0 picks free_port() once, kept across restarts.
  std::uint16_t http_port = 0;
  /// Address the HTTP API listens on and wait_until_healthy() polls.
  std::string http_host = "127.0.0.1";
  /// Port a head listens on for worker nodes (--cluster.port); 0 picks
  /// free_port() once, kept across restarts, so that nodes never share it.
  std::uint16_t cluster_port = 0;
  /// The executable; by default the caf-node built with the tests.
  std::filesystem::path executable = default_executable();

  static std::filesystem::path default_executable();
};

/// A caf-node child process living in the folder `home` (created when
/// missing): its working directory, its storage (home/storage) and its
/// stdout and stderr (home/node.log, appended across restarts, each start
/// marked by a line "=== start N: <command> ===").
///
/// The node gets --node.id, --http.host, --http.port, --cluster.port,
/// --storage.path and --profiles.path (the project's config/profiles), then
/// options.args. As
/// the working directory is `home`, no stray ./caf-node.ini is read.
///
/// Not thread-safe. The process is killed (SIGKILL) with this object, and
/// also when the thread that started it ends (the test process dies).
class node_process {
public:
  node_process(std::filesystem::path home, node_options options);
  ~node_process();
  node_process(const node_process&) = delete;
  node_process& operator=(const node_process&) = delete;

  /// Starts the process; once it ended, starts it again on the same
  /// storage, port and log. Returns when the child exists, not when it
  /// serves (see wait_until_healthy). Throws std::logic_error while it runs
  /// and std::runtime_error when it cannot be started (a failed exec shows
  /// in the log and as exit status 127).
  void start();

  /// Polls GET /health until it answers 200. Throws std::runtime_error,
  /// naming the node and quoting the tail of its log, when the process
  /// exits or `until` passes first.
  void wait_until_healthy(deadline until);

  /// SIGKILL to the process group (the node and any process it started),
  /// then reaps the process. No-op when it does not run.
  void kill_hard();

  /// SIGTERM to the process alone, as `docker stop` sends it: stopping what
  /// it started is its own job. Then waits for the exit and returns the exit
  /// status (see wait_for_exit). When `until` passes first, kills it hard and
  /// throws std::runtime_error. Throws std::logic_error when not running.
  int terminate(deadline until);

  /// Waits for the process to end by itself. Returns its exit code, or 128 +
  /// the signal when a signal ended it; nullopt when it still runs at
  /// `until`. Throws std::logic_error when it was never started.
  std::optional<int> wait_for_exit(deadline until);

  /// True until the process has ended (and then reaps it).
  bool running();

  const std::string& name() const {
    return options_.name;
  }
  std::uint16_t http_port() const {
    return options_.http_port;
  }
  std::uint16_t cluster_port() const {
    return options_.cluster_port;
  }
  /// "http://host:port".
  std::string base_url() const;
  std::filesystem::path storage_dir() const;
  std::filesystem::path log_path() const;

  /// The whole log, or its last `lines` lines; "" before the first start.
  std::string log() const;
  std::string log_tail(std::size_t lines) const;
  /// What the process wrote since its latest start (without the marker).
  std::string output_of_latest_start() const;

private:
  std::vector<std::string> command_line() const;
  std::string start_marker(int start) const;
  bool health_answers(deadline until) const;
  void reaped(int wait_status);

  std::filesystem::path home_;
  node_options options_;
  pid_t pid_ = -1; // -1: not running
  int starts_ = 0;
  std::optional<int> exit_status_; // of the last run that ended
};

} // namespace test_support
