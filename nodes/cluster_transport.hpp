#pragma once

// How nodes reach each other: CAF's plain networking, or its OpenSSL module
// (mutual TLS) when openssl.certificate is set.

#include <cstdint>
#include <string>

#include <caf/fwd.hpp>

#include "actors/model/problem.hpp"
#include "actors/protocol.hpp"
#include "nodes/node_config.hpp"

namespace nodes {

/// Publishes the gate on cluster.host:cluster.port; returns the bound port.
model::outcome<std::uint16_t> publish_gate(const node_config& cfg, const actors::gate_actor& gate);

/// The middleman actor that connects to other nodes (plain or TLS).
caf::actor cluster_middleman(caf::actor_system& system, const node_config& cfg);

} // namespace nodes
