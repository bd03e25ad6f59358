#pragma once

// What the head knows about each node of the cluster, for GET /v1/cluster
// and the inspection shell.

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace model {

///   up --leave or drain--> draining --jobs done--> down
///    \------------------(connection lost)--------> down
enum class node_state : std::uint8_t { up, draining, down };

const char* to_string(node_state state) noexcept;
std::ostream& operator<<(std::ostream& out, node_state state);

/// Jobs done in the last minute, and how long workers took for them.
struct job_window {
  std::uint64_t jobs = 0;
  double per_second = 0;
  double p50_ms = 0;
  double p95_ms = 0;
  double p99_ms = 0;
};

struct node_status {
  std::string id;      // node id (--node.id, default <hostname>-<pid>)
  std::string address; // network address the head sees, "local" for its own workers
  std::string role;    // "head" or "worker"
  std::string hostname;
  std::string version; // caf-node version
  node_state state = node_state::up;
  std::uint32_t workers = 0;
  std::uint32_t in_flight = 0;
  std::uint64_t completed = 0;
  std::uint64_t failed = 0;
  std::int64_t last_seen_ms = 0;
  job_window last_minute;
};

/// The cluster as GET /v1/cluster shows it.
struct cluster_overview {
  std::vector<node_status> nodes;
  std::uint64_t queue_depth = 0; // jobs waiting for a worker
  job_window last_minute;        // of every node
};

} // namespace model
