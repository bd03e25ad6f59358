#pragma once

// Carries the dispatcher's word that a node failed (went silent, or a job
// on it timed out) to the head's worker processes, which exist only after
// the dispatcher does: a worker process that hangs keeps its connection and
// never exits, so only the head can replace it.

#include <functional>
#include <mutex>
#include <string>

namespace nodes {

class failed_node_relay {
public:
  using action = std::function<void(const std::string& node_id)>;

  /// Called from the dispatcher's thread.
  void notify(const std::string& node_id) {
    std::lock_guard guard{mutex_};
    if (act_)
      act_(node_id);
  }

  /// What to do from now on; an empty action ignores failures.
  void forward_to(action act) {
    std::lock_guard guard{mutex_};
    act_ = std::move(act);
  }

private:
  std::mutex mutex_;
  action act_;
};

} // namespace nodes
