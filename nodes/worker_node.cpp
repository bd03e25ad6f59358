#include "nodes/worker_node.hpp"

#include <cstdlib>
#include <thread>

#include <caf/actor_system.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <spdlog/spdlog.h>

#include "actors/cluster/worker.hpp"
#include "actors/cluster/worker_agent.hpp"
#include "nodes/cluster_transport.hpp"
#include "nodes/host_port.hpp"
#include "nodes/local_address.hpp"
#include "nodes/node_settings.hpp"
#include "nodes/shutdown_signal.hpp"
#include "storage/byte_store.hpp"
#include "storage/image_store.hpp"

namespace nodes {

namespace {

struct shared_store_identity {
  std::string root;
  std::string identity;
};

/// The head's byte store named by worker.shared-storage, when it is there:
/// a wrong or unreadable path costs only the zero-copy path, not the node.
shared_store_identity shared_byte_store(const node_config& cfg) {
  if (cfg.worker_shared_storage.empty())
    return {};
  auto root = storage::byte_store_root(cfg.worker_shared_storage);
  auto identity = storage::read_store_identity(root);
  if (!identity) {
    spdlog::warn("worker.shared-storage={}: {}; images travel in messages",
                 cfg.worker_shared_storage, identity.error().message);
    return {};
  }
  return {root, std::move(identity).value()};
}

} // namespace

int run_worker(node_config& cfg) {
  actors::agent_settings settings;
  try {
    settings.secret = cfg.resolve_cluster_secret();
  } catch (const std::exception& failure) {
    spdlog::critical("{}", failure.what());
    return 1;
  }
  // node_config checked it.
  auto head = parse_host_port(cfg.cluster_head).value();
  settings.head_host = head.host;
  settings.head_port = head.port;
  settings.node_id = cfg.effective_node_id();
  settings.hostname = host_name();
  settings.address = local_address_towards(settings.head_host, settings.head_port);
  settings.leave_timeout = millis(cfg.node_shutdown_timeout);

  auto shared_store = shared_byte_store(cfg);
  settings.store_id = shared_store.identity;

  caf::actor_system system{cfg};
  auto limits = settings_of(cfg).limits;
  for (std::size_t i = 0; i < cfg.worker_count; ++i)
    settings.workers.push_back(
        actors::spawn_worker(system, {settings.node_id, limits, shared_store.root}));
  settings.middleman = cluster_middleman(system, cfg);
  auto workers = settings.workers;
  spdlog::info("caf-node worker with {} workers joining head {}{}", workers.size(),
               cfg.cluster_head, cfg.cluster_uses_tls() ? " over TLS" : "");
  auto agent = actors::spawn_worker_agent(system, std::move(settings));

  // Signals are waited for on their own thread, so that the main thread can
  // also notice the agent stopping by itself (refused by the head).
  std::thread([agent] {
    auto signal = wait_for_shutdown_signal();
    spdlog::info("received signal {}: leaving the cluster", signal);
    caf::anon_send(agent, actors::stop_atom::value);
  }).detach();

  int exit_code = 0;
  {
    caf::scoped_actor self{system};
    self->monitor(agent);
    self->receive([&](caf::down_msg& down) {
      if (down.reason && down.reason != caf::exit_reason::normal)
        exit_code = 2;
    });
  }
  // The head has what this node owes it: results of jobs that were running
  // came back before the head let the node leave, and a refused node never
  // had any. CAF's networking keeps worker actors the head still references
  // alive, so the actor system's teardown could wait for them forever; the
  // node leaves without it.
  for (auto& worker : workers)
    caf::anon_send_exit(worker, caf::exit_reason::user_shutdown);
  spdlog::info("stopped");
  spdlog::default_logger()->flush();
  std::_Exit(exit_code);
}

} // namespace nodes
