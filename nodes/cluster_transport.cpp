#include "nodes/cluster_transport.hpp"

#include <caf/actor_system.hpp>
#include <caf/io/middleman.hpp>
#include <caf/openssl/manager.hpp>
#include <caf/openssl/publish.hpp>

namespace nodes {

model::outcome<std::uint16_t> publish_gate(const node_config& cfg, const actors::gate_actor& gate) {
  // reuse_addr: a restarted head must get its port back while the old
  // connections linger in TIME_WAIT.
  auto port = cfg.cluster_uses_tls()
                  ? caf::openssl::publish(gate, cfg.cluster_port, cfg.cluster_host.c_str(), true)
                  : gate.home_system().middleman().publish(gate, cfg.cluster_port,
                                                           cfg.cluster_host.c_str(), true);
  if (!port)
    return model::problem{model::error_code::unavailable,
                          "cannot listen for worker nodes on " + cfg.cluster_host + ":" +
                              std::to_string(cfg.cluster_port) + ": " +
                              gate.home_system().render(port.error())};
  return *port;
}

caf::actor cluster_middleman(caf::actor_system& system, const node_config& cfg) {
  if (cfg.cluster_uses_tls())
    return caf::actor_cast<caf::actor>(system.openssl_manager().actor_handle());
  return caf::actor_cast<caf::actor>(system.middleman().actor_handle());
}

} // namespace nodes
