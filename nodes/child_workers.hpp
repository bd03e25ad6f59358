#pragma once

// Worker processes that a head starts on its own machine, so that image
// decoders never run in the process that holds the storage: a decoder that
// crashes on a hostile file takes down one worker process, which is
// restarted, and costs the job one attempt.
//
// Each child is `caf-node --node.role=worker --worker.count=1 ...` joining
// the head's gate over loopback like any remote worker node. Children die
// with the head (PR_SET_PDEATHSIG), even when it is killed with SIGKILL.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <sys/types.h>

namespace nodes {

struct child_workers_options {
  std::size_t count = 1;
  /// Arguments common to every child (role, head address, limits...).
  std::vector<std::string> args;
  /// Child i gets --node.id=<node_id_prefix><i>.
  std::string node_id_prefix;
  /// Handed over in the environment (CAF_NODE_CLUSTER_SECRET), never on
  /// the command line where other users could read it.
  std::string secret;
};

class child_workers {
public:
  explicit child_workers(child_workers_options options);
  ~child_workers();
  child_workers(const child_workers&) = delete;
  child_workers& operator=(const child_workers&) = delete;

  /// Starts the children and a thread that restarts any that exits, with a
  /// growing delay for children that keep dying young.
  void start();

  /// Kills the child that joined as `node_id` (when it is one of these), so
  /// that it is restarted: the head found it hung. Other ids are ignored.
  void replace(const std::string& node_id);

  /// Asks every child to stop (SIGTERM: it leaves the head after its
  /// running job), kills those still running after `grace`, and waits.
  void stop(std::chrono::milliseconds grace);

private:
  struct child {
    pid_t pid = -1;
    std::chrono::steady_clock::time_point started;
    std::chrono::steady_clock::time_point restart_at;
    std::chrono::milliseconds backoff{0};
  };

  pid_t spawn(std::size_t index);
  void supervise();
  void reap(pid_t pid, int status);

  child_workers_options options_;
  std::vector<child> children_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread supervisor_;
};

} // namespace nodes
