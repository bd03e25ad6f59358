#include "nodes/head_node.hpp"

#include <memory>
#include <optional>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/io/middleman.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <spdlog/spdlog.h>

#include "actors/cluster/cluster_gate.hpp"
#include "actors/cluster/dispatcher.hpp"
#include "actors/cluster/worker.hpp"
#include "actors/housekeeping/housekeeper.hpp"
#include "actors/image/image_registry.hpp"
#include "actors/inspector/inspector.hpp"
#include "actors/model/version.hpp"
#include "actors/service/profiles.hpp"
#include "actors/service/service_bridge.hpp"
#include "http/events/event_routes.hpp"
#include "http/openapi/openapi_route.hpp"
#include "http/server.hpp"
#include "http/webhooks/webhook_registry.hpp"
#include "http/webhooks/webhook_routes.hpp"
#include "nodes/child_workers.hpp"
#include "nodes/cluster_transport.hpp"
#include "nodes/failed_node_relay.hpp"
#include "nodes/local_address.hpp"
#include "nodes/node_settings.hpp"
#include "nodes/shutdown_signal.hpp"
#include "storage/byte_store.hpp"
#include "storage/image_store.hpp"

namespace nodes {

namespace {

/// The actors of a head and what they share.
struct head_actors {
  std::shared_ptr<actors::dispatch_gauges> gauges;
  std::shared_ptr<telemetry::metrics> metrics;
  std::shared_ptr<failed_node_relay> failed_nodes;
  actors::dispatcher_actor dispatcher;
  actors::gate_actor gate;
  actors::registry_actor registry;
  actors::inspector_actor inspector;
  caf::actor housekeeper;
  std::vector<actors::worker_actor> local_workers; // worker.isolation=thread only
};

/// Spawns the head's actors with `settings`, filling in what exists only at
/// run time: the store, the actors' handles, the shared gauges and metrics.
head_actors spawn_head_actors(caf::actor_system& system, const node_config& cfg,
                              component_settings& settings, storage::image_store& store,
                              const std::string& node_id, const std::string& secret,
                              std::function<std::string()> webhooks_table) {
  head_actors head;
  head.gauges = std::make_shared<actors::dispatch_gauges>();
  auto& dispatch = settings.dispatcher;
  dispatch.gauges = head.gauges;
  head.metrics = std::make_shared<telemetry::metrics>();
  dispatch.metrics = head.metrics;
  head.failed_nodes = std::make_shared<failed_node_relay>();
  dispatch.on_node_failure = [relay = head.failed_nodes](const std::string& node_id) {
    relay->notify(node_id);
  };
  head.dispatcher = actors::spawn_dispatcher(system, dispatch);

  actors::worker_offer local;
  local.node.id = node_id;
  local.node.address = "local";
  local.node.role = "head";
  local.node.hostname = host_name();
  local.node.version = model::service_version();
  local.store_id = dispatch.store_id;
  if (cfg.worker_isolation == "thread")
    for (std::size_t i = 0; i < cfg.worker_count; ++i)
      local.workers.push_back(
          actors::spawn_worker(system, {node_id, settings.limits, dispatch.byte_store_root}));
  head.local_workers = local.workers;
  caf::anon_send(head.dispatcher, actors::enlist_atom::value, local);

  auto& registry = settings.registry;
  registry.image.store = &store;
  registry.image.dispatcher = head.dispatcher;
  registry.image.gauges = head.gauges;
  registry.image.metrics = head.metrics;
  head.registry = actors::spawn_registry(system, registry);
  caf::anon_send(head.registry, actors::resume_atom::value);

  actors::inspector_settings inspection;
  inspection.dispatcher = head.dispatcher;
  inspection.registry = head.registry;
  inspection.metrics = head.metrics;
  inspection.config = cfg.effective_options();
  inspection.webhooks = std::move(webhooks_table);
  head.inspector = actors::spawn_inspector(system, std::move(inspection));
  head.gate = actors::spawn_gate(system, {head.dispatcher, head.inspector, secret});

  auto& housekeeping = settings.housekeeping;
  housekeeping.store = &store;
  housekeeping.registry = head.registry;
  head.housekeeper = actors::spawn_housekeeper(system, housekeeping);
  return head;
}

/// Lets running jobs finish (up to the deadline) and makes sure their image
/// actors stored the results, so that nothing acknowledged is redone.
void drain_jobs(caf::actor_system& system, const head_actors& head,
                std::chrono::milliseconds deadline) {
  caf::scoped_actor self{system};
  bool drained = false;
  self->request(head.dispatcher, deadline, actors::quiesce_atom::value)
      .receive([&](caf::ok_atom) { drained = true; },
               [&](caf::error&) {
                 spdlog::warn("running jobs did not finish within {} ms; they run again at the "
                              "next start",
                              deadline.count());
               });
  if (drained)
    self->request(head.registry, deadline, actors::quiesce_atom::value)
        .receive([](caf::ok_atom) {}, [](caf::error&) {});
}

void stop_head_actors(caf::actor_system& system, const head_actors& head) {
  for (const auto& actor :
       {caf::actor_cast<caf::actor>(head.registry), caf::actor_cast<caf::actor>(head.dispatcher),
        caf::actor_cast<caf::actor>(head.gate), caf::actor_cast<caf::actor>(head.inspector),
        head.housekeeper})
    caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
  for (const auto& worker : head.local_workers)
    caf::anon_send_exit(worker, caf::exit_reason::user_shutdown);
  system.await_all_actors_done();
}

actors::bridge_settings bridge_settings_of(component_settings& settings, const head_actors& head,
                                           storage::image_store& store,
                                           std::vector<actors::profile> profiles) {
  auto bridge = settings.bridge;
  bridge.store = &store;
  bridge.profiles = std::move(profiles);
  bridge.gauges = head.gauges;
  bridge.metrics = head.metrics;
  return bridge;
}

/// Serves until SIGINT or SIGTERM, then stops taking requests and lets
/// running jobs finish. Returns the exit code.
int serve(caf::actor_system& system, const node_config& cfg, component_settings& settings,
          const head_actors& head, actors::image_service& service,
          webhooks::webhook_registry& hooks, events::event_stream_hub& streams,
          storage::event_log& log, const std::string& node_id, const std::string& secret) {
  auto cluster_port = publish_gate(cfg, head.gate);
  if (!cluster_port) {
    spdlog::critical("{}", cluster_port.error().message);
    return 1;
  }
  std::shared_ptr<child_workers> worker_processes;
  // The dispatcher outlives the worker processes: it stops reaching them
  // before they go.
  struct stop_relaying {
    failed_node_relay& relay;
    ~stop_relaying() {
      relay.forward_to({});
    }
  } relaying_until_return{*head.failed_nodes};
  try {
    auto http = settings.http;
    http.metrics = head.metrics;
    http_api::http_server server(std::move(http), service);
    webhooks::add_webhook_routes(server.routes(), hooks);
    events::add_event_routes(server.routes(), streams, log);
    // Last: the document describes every route added before it.
    http_api::openapi::add_openapi_route(
        server.routes(), {settings.http.transport.limits.max_body_bytes,
                          settings.http.transport.limits.max_header_bytes, settings.limits});

    if (cfg.worker_isolation == "process" && cfg.worker_count > 0) {
      worker_processes = std::make_shared<child_workers>(
          child_workers_options_of(cfg, *cluster_port, node_id, secret));
      worker_processes->start();
      head.failed_nodes->forward_to(
          [weak = std::weak_ptr<child_workers>(worker_processes)](const std::string& node_id) {
            if (auto children = weak.lock())
              children->replace(node_id);
          });
    }
    server.start();
    spdlog::info("caf-node {} {} serving http://{}:{}; worker nodes join on {}:{}{}{} "
                 "(storage {}, {} local workers in {}, {} profiles)",
                 cfg.role, model::service_version(), cfg.http_host, server.port(), cfg.cluster_host,
                 *cluster_port, cfg.cluster_uses_tls() ? " over TLS" : "",
                 secret.empty() ? "" : " with a secret", cfg.storage_path, cfg.worker_count,
                 cfg.worker_isolation == "thread" ? "this process" : "child processes",
                 service.profiles().size());
    auto signal = wait_for_shutdown_signal();
    spdlog::info("received signal {}: no new requests, finishing running jobs", signal);
    server.stop();
    drain_jobs(system, head, millis(cfg.node_shutdown_timeout));
    if (worker_processes)
      worker_processes->stop(millis(cfg.node_shutdown_timeout));
    return 0;
  } catch (const std::exception& failure) {
    spdlog::critical("cannot serve HTTP on {}:{}: {}", cfg.http_host, cfg.http_port,
                     failure.what());
    return 1;
  }
}

} // namespace

int run_head(node_config& cfg) {
  auto node_id = cfg.effective_node_id();
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
  if (profiles->empty())
    spdlog::warn("no profiles in {} (profiles.path)", cfg.profiles_path);

  auto settings = settings_of(cfg);
  settings.dispatcher.byte_store_root = storage::byte_store_root(cfg.storage_path);
  auto store_id = storage::read_store_identity(settings.dispatcher.byte_store_root);
  if (!store_id) {
    spdlog::critical("cannot read the byte store's identity: {}", store_id.error().message);
    return 1;
  }
  settings.dispatcher.store_id = std::move(store_id).value();
  // Checked with the options; a key file broken since then fails the start.
  auto keys = http_api::read_key_config(cfg.api_keys, cfg.api_keys_file);
  if (!keys.problems.empty()) {
    spdlog::critical("{}", keys.problems.front());
    return 1;
  }
  settings.http.api_keys = std::move(keys.keys);
  caf::actor_system system{cfg};
  auto& log = *(*store)->events();
  // Set before the actors serve and reset after they stopped: the shell's
  // webhooks command reads it.
  std::optional<webhooks::webhook_registry> hooks;
  auto head = spawn_head_actors(system, cfg, settings, **store, node_id, secret, [&hooks] {
    return hooks ? hooks->table() : std::string(R"({"webhooks":[]})");
  });
  try {
    hooks.emplace(log, settings.webhooks, head.metrics);
  } catch (const std::exception& failure) {
    spdlog::critical("{}", failure.what());
    stop_head_actors(system, head);
    return 1;
  }
  std::optional<events::event_stream_hub> streams;
  streams.emplace(log, settings.events_heartbeat);
  auto bridge_settings = bridge_settings_of(settings, head, **store, std::move(profiles).value());
  bridge_settings.more_samples = [&hooks, &streams] {
    auto samples = hooks->samples();
    samples.push_back(
        {telemetry::names::event_stream_listeners, {}, static_cast<double>(streams->listeners())});
    return samples;
  };
  actors::service_bridge bridge(system, head.registry, head.dispatcher, std::move(bridge_settings));

  auto exit_code =
      serve(system, cfg, settings, head, bridge, *hooks, *streams, log, node_id, secret);
  stop_head_actors(system, head);
  streams.reset();
  hooks.reset();
  if (auto flushed = (*store)->flush(); !flushed)
    spdlog::error("flushing storage: {}", flushed.error().message);
  spdlog::info("stopped");
  return exit_code;
}

} // namespace nodes
