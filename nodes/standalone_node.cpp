#include "nodes/standalone_node.hpp"

#include <caf/actor_system.hpp>
#include <caf/send.hpp>
#include <spdlog/spdlog.h>

#include "actors/dispatcher.hpp"
#include "actors/image_registry.hpp"
#include "actors/profiles.hpp"
#include "actors/service_bridge.hpp"
#include "actors/worker.hpp"
#include "http/server.hpp"
#include "nodes/shutdown_signal.hpp"
#include "storage/image_store.hpp"

namespace nodes {

namespace {

imaging::image_limits limits_of(const node_config& cfg) {
  imaging::image_limits limits;
  limits.max_width = static_cast<std::uint32_t>(cfg.limits_max_width);
  limits.max_height = static_cast<std::uint32_t>(cfg.limits_max_height);
  limits.max_pixels = cfg.limits_max_pixels;
  limits.max_memory_bytes = cfg.limits_max_memory;
  limits.max_disk_bytes = cfg.limits_max_disk;
  return limits;
}

std::chrono::milliseconds millis(caf::timespan span) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(span);
}

} // namespace

int run_standalone(node_config& cfg) {
  auto node_id = cfg.effective_node_id();
  auto limits = limits_of(cfg);
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
  actors::dispatcher_settings dispatch;
  dispatch.job_timeout = millis(cfg.worker_job_timeout);
  dispatch.max_attempts = static_cast<std::uint32_t>(cfg.worker_max_attempts);
  dispatch.queue_limit = cfg.worker_queue_limit;
  auto dispatcher = actors::spawn_dispatcher(system, dispatch);
  actors::worker_offer offer{node_id, {}};
  for (std::size_t i = 0; i < cfg.worker_count; ++i)
    offer.workers.push_back(actors::spawn_worker(system, {node_id, limits}));
  caf::anon_send(dispatcher, actors::enlist_atom::value, offer);

  actors::registry_settings registry_settings;
  registry_settings.image.store = store->get();
  registry_settings.image.dispatcher = dispatcher;
  registry_settings.image.job_deadline = millis(cfg.worker_job_deadline);
  auto registry = actors::spawn_registry(system, registry_settings);
  caf::anon_send(registry, actors::resume_atom::value);

  actors::bridge_settings bridge_settings;
  bridge_settings.limits = limits;
  bridge_settings.profiles = std::move(profiles).value();
  bridge_settings.request_timeout = millis(cfg.http_request_timeout);
  actors::service_bridge bridge(system, registry, bridge_settings);

  http_api::server_options http;
  http.host = cfg.http_host;
  http.port = cfg.http_port;
  http.threads = static_cast<unsigned>(cfg.http_threads);
  http.max_body_bytes = cfg.http_max_body;
  http.header_timeout = std::chrono::duration_cast<std::chrono::seconds>(cfg.http_header_timeout);
  http.body_timeout = std::chrono::duration_cast<std::chrono::seconds>(cfg.http_body_timeout);
  http_api::http_server server(http, bridge);
  int exit_code = 0;
  try {
    server.start();
    spdlog::info("caf-node standalone serving http://{}:{} (storage {}, {} workers, {} profiles)",
                 cfg.http_host, server.port(), cfg.storage_path, cfg.worker_count,
                 bridge_settings.profiles.size());
    auto signal = wait_for_shutdown_signal();
    spdlog::info("received signal {}, stopping", signal);
    server.stop();
  } catch (const std::exception& failure) {
    spdlog::critical("cannot serve HTTP on {}:{}: {}", cfg.http_host, cfg.http_port,
                     failure.what());
    exit_code = 1;
  }
  caf::anon_send_exit(registry, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(dispatcher, caf::exit_reason::user_shutdown);
  for (auto& worker : offer.workers)
    caf::anon_send_exit(worker, caf::exit_reason::user_shutdown);
  system.await_all_actors_done();
  if (auto flushed = (*store)->flush(); !flushed)
    spdlog::error("flushing storage: {}", flushed.error().message);
  return exit_code;
}

} // namespace nodes
