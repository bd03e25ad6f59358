#include "nodes/head_node.hpp"

#include <optional>

#include <caf/actor_system.hpp>
#include <caf/function_view.hpp>
#include <caf/io/middleman.hpp>
#include <caf/send.hpp>
#include <spdlog/spdlog.h>

#include "actors/cluster_gate.hpp"
#include "actors/dispatcher.hpp"
#include "actors/image_registry.hpp"
#include "actors/model/version.hpp"
#include "actors/profiles.hpp"
#include "actors/service_bridge.hpp"
#include "actors/worker.hpp"
#include "http/server.hpp"
#include "nodes/child_workers.hpp"
#include "nodes/cluster_transport.hpp"

#include "nodes/node_settings.hpp"
#include "nodes/shutdown_signal.hpp"
#include "storage/image_store.hpp"

namespace nodes {

namespace {

/// Lets running jobs finish (up to the deadline) and makes sure their image
/// actors stored the results, so that nothing acknowledged is redone.
void drain_jobs(caf::actor_system& system, const actors::dispatcher_actor& dispatcher,
                const actors::registry_actor& registry, std::chrono::milliseconds deadline) {
  caf::scoped_actor self{system};
  bool drained = false;
  self->request(dispatcher, deadline, actors::quiesce_atom::value)
      .receive([&](caf::ok_atom) { drained = true; },
               [&](caf::error&) {
                 spdlog::warn("running jobs did not finish within {} ms; they "
                              "run again at the next start",
                              deadline.count());
               });
  if (drained)
    self->request(registry, deadline, actors::quiesce_atom::value)
        .receive([](caf::ok_atom) {}, [](caf::error&) {});
}

} // namespace

int run_head(node_config& cfg) {
  auto node_id = cfg.effective_node_id();
  auto limits = limits_of(cfg);
  std::string secret;
  try {
    secret = cfg.resolve_cluster_secret();
  } catch (const std::exception& failure) {
    spdlog::critical("{}", failure.what());
    return 1;
  }
  storage::store_options store_options;
  store_options.path = cfg.storage_path;
  store_options.block_cache_bytes = cfg.storage_block_cache;
  auto store = storage::image_store::open(store_options);
  if (!store) {
    spdlog::critical("cannot open storage at {}: {}", cfg.storage_path, store.error().message);
    return 1;
  }
  auto profiles = actors::load_profiles(cfg.profiles_path);
  if (!profiles) {
    spdlog::critical("{}", profiles.error().message);
    return 1;
  }

  caf::actor_system system{cfg};
  auto gauges = std::make_shared<actors::dispatch_gauges>();
  auto dispatch = dispatcher_settings_of(cfg);
  dispatch.gauges = gauges;
  auto dispatcher = actors::spawn_dispatcher(system, dispatch);
  actors::worker_offer local;
  local.node.id = node_id;
  local.node.address = "local";
  local.node.role = "head";
  local.node.hostname = host_name();
  local.node.version = model::service_version();
  bool in_process_workers = cfg.worker_isolation == "thread";
  for (std::size_t i = 0; in_process_workers && i < cfg.worker_count; ++i)
    local.workers.push_back(actors::spawn_worker(system, {node_id, limits}));
  caf::anon_send(dispatcher, actors::enlist_atom::value, local);

  actors::gate_settings gate_settings;
  gate_settings.dispatcher = dispatcher;
  gate_settings.secret = secret;
  auto gate = actors::spawn_gate(system, gate_settings);

  actors::registry_settings registry_settings;
  registry_settings.image.store = store->get();
  registry_settings.image.dispatcher = dispatcher;
  registry_settings.image.job_deadline = millis(cfg.worker_job_deadline);
  registry_settings.image.idle_timeout = millis(cfg.images_idle_timeout);
  registry_settings.image.idempotency_ttl = millis(cfg.storage_idempotency_ttl);

  auto registry = actors::spawn_registry(system, registry_settings);
  caf::anon_send(registry, actors::resume_atom::value);

  actors::bridge_settings bridge_settings;
  bridge_settings.limits = limits;
  bridge_settings.profiles = std::move(profiles).value();
  bridge_settings.request_timeout = millis(cfg.http_request_timeout);
  bridge_settings.gauges = gauges;
  bridge_settings.max_queued_jobs = cfg.worker_queue_limit;
  bridge_settings.max_pending_uploads = cfg.storage_max_pending_uploads;

  actors::service_bridge bridge(system, registry, dispatcher, bridge_settings);
  http_api::http_server server(server_options_of(cfg), bridge);

  int exit_code = 0;
  std::optional<child_workers> worker_processes;
  auto cluster_port = publish_gate(cfg, gate);
  if (!cluster_port) {
    spdlog::critical("{}", cluster_port.error().message);
    exit_code = 1;
  } else {
    try {
      if (!in_process_workers && cfg.worker_count > 0) {
        worker_processes.emplace(child_workers_options_of(cfg, *cluster_port, node_id, secret));
        worker_processes->start();
      }
      server.start();
      spdlog::info("caf-node {} {} serving http://{}:{}; worker nodes join on {}:{}{}{} "
                   "(storage {}, {} local workers in {}, {} profiles)",
                   cfg.role, model::service_version(), cfg.http_host, server.port(),
                   cfg.cluster_host, *cluster_port, cfg.cluster_uses_tls() ? " over TLS" : "",
                   secret.empty() ? "" : " with a secret", cfg.storage_path, cfg.worker_count,
                   in_process_workers ? "this process" : "child processes",
                   bridge_settings.profiles.size());
      auto signal = wait_for_shutdown_signal();
      spdlog::info("received signal {}: no new requests, finishing running jobs", signal);
      server.stop();
      drain_jobs(system, dispatcher, registry, millis(cfg.node_shutdown_timeout));
      if (worker_processes)
        worker_processes->stop(millis(cfg.node_shutdown_timeout));
    } catch (const std::exception& failure) {
      spdlog::critical("cannot serve HTTP on {}:{}: {}", cfg.http_host, cfg.http_port,
                       failure.what());
      exit_code = 1;
    }
  }
  for (const auto& actor :
       {caf::actor_cast<caf::actor>(registry), caf::actor_cast<caf::actor>(dispatcher),
        caf::actor_cast<caf::actor>(gate)})
    caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
  for (auto& worker : local.workers)
    caf::anon_send_exit(worker, caf::exit_reason::user_shutdown);
  system.await_all_actors_done();
  if (auto flushed = (*store)->flush(); !flushed)
    spdlog::error("flushing storage: {}", flushed.error().message);
  spdlog::info("stopped");
  return exit_code;
}

} // namespace nodes
