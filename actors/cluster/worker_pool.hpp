#pragma once

// The dispatcher's book of nodes and their workers: who is up, how loaded
// each worker is, what each node did. Plain data, no messaging; one owner.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actors/model/cluster.hpp"
#include "actors/protocol.hpp"

namespace actors {

struct worker_slot {
  worker_actor handle;
  std::string node;
  std::string store_id; // of the byte store its node shares (worker_offer)
  std::uint32_t in_flight = 0;
  std::uint64_t completed = 0;
  std::uint64_t failed = 0;
};

class worker_pool {
public:
  /// `jobs_per_worker`: jobs one worker may hold at once.
  explicit worker_pool(std::uint32_t jobs_per_worker);

  /// Records the node (up again if it was down) and adds its workers not
  /// known yet; returns those, for the caller to monitor.
  std::vector<worker_actor> enlist(const worker_offer& offer, std::int64_t now_ms);

  /// The least-loaded worker of an up node with room for a job, or nullptr;
  /// ties are spread by rotation.
  worker_slot* pick();

  worker_slot* find(const caf::actor_addr& worker);
  model::node_status* node(const std::string& id);

  /// Accounting around one job on `slot`.
  void job_started(worker_slot& slot);
  void job_ended(const caf::actor_addr& worker, bool succeeded, std::int64_t now_ms);

  /// Removes a worker (its jobs are the caller's business); returns its
  /// node's id, or nullopt for an unknown worker. A node without workers
  /// left is marked down.
  std::optional<std::string> remove_worker(const caf::actor_addr& worker, std::int64_t now_ms);

  /// Marks a known node down and removes its workers; returns their
  /// addresses. An unknown node stays unknown.
  std::vector<caf::actor_addr> retire(const std::string& id, std::int64_t now_ms);

  /// Workers of worker nodes last seen before `deadline_ms`.
  std::vector<caf::actor_addr> silent_workers(std::int64_t deadline_ms) const;

  /// Stops (true) or resumes (false) picking the workers of a node that is
  /// up or draining; returns false for unknown nodes and nodes that are down.
  /// A drain lasts until undrained, across the node leaving and joining.
  bool drain(const std::string& id, bool draining);

  std::vector<model::node_status> status() const;
  std::vector<worker_status> workers() const;
  /// "<node>#<actor id>" of a known worker, else empty.
  std::string worker_name(const caf::actor_addr& worker);
  std::uint64_t workers_up() const;

private:
  void forget_down_nodes_beyond_limit();

  std::uint32_t jobs_per_worker_;
  std::vector<worker_slot> workers_;
  std::map<std::string, model::node_status> nodes_;
  std::set<std::string> drained_; // by an operator, until undrained
  std::size_t rotation_ = 0;
};

} // namespace actors
