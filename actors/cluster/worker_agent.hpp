#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <caf/fwd.hpp>

#include "actors/protocol.hpp"

namespace actors {

struct agent_settings {
  std::string head_host;
  std::uint16_t head_port = 0;
  std::string secret; // may be empty when the head requires none
  std::string node_id;
  std::string hostname;
  std::string address; // reported to the head, which cannot see it
  std::vector<worker_actor> workers;
  /// The identity of the head's byte store when the workers share it.
  std::string store_id;
  /// The middleman that connects to the head: CAF's plain one, or the
  /// OpenSSL one for TLS.
  caf::actor middleman;
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(5)};
  std::chrono::milliseconds max_backoff{std::chrono::seconds(5)};
  /// Pings tell the head this node is alive; a ping unanswered for twice
  /// this long means the head is gone.
  std::chrono::milliseconds ping_interval{std::chrono::seconds(1)};
  /// How long leaving may take: the head lets running jobs finish first.
  std::chrono::milliseconds leave_timeout{std::chrono::minutes(2)};
};

/// Spawns the agent of a worker node: it connects to the head, proves the
/// cluster secret, offers the node's workers, and reconnects with backoff
/// whenever the head is unreachable (start order does not matter).
///
///   connecting --joined--> member --head lost--> connecting (after backoff)
///        |                    |
///        |                 stop_atom --> leaving --left--> (exit normal)
///        \--refused--> (exit with the refusal)
///
/// stop_atom while not a member exits at once. The agent exits with an
/// error when the head refuses it (wrong secret): retrying cannot help.
agent_actor spawn_worker_agent(caf::actor_system& system, agent_settings settings);

} // namespace actors
