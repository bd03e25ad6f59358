#pragma once

#include <string>

#include <caf/fwd.hpp>

#include "actors/protocol.hpp"

namespace actors {

struct gate_settings {
  dispatcher_actor dispatcher;
  /// Handed to shells that prove the secret.
  inspector_actor inspector;
  /// The cluster secret; empty: any node may join (only allowed where the
  /// cluster port is reachable from this machine alone, or behind TLS).
  std::string secret;
};

/// Spawns the gate worker nodes join through. It challenges each node,
/// checks its proof of the cluster secret, and only then hands its workers
/// to the dispatcher. Shells give the same proof and get the inspector.
/// Refusals are logged with the peer's address. Leave and ping are accepted
/// only from the node that joined under that id.
gate_actor spawn_gate(caf::actor_system& system, gate_settings settings);

} // namespace actors
