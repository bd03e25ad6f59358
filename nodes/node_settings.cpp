#include "nodes/node_settings.hpp"

#include <filesystem>
#include <stdexcept>

#include "http/webhooks/webhook_client.hpp"

namespace nodes {

component_settings settings_of(const node_config& cfg) {
  component_settings settings;
  auto& limits = settings.limits;
  limits.max_width = static_cast<std::uint32_t>(cfg.limits_max_width);
  limits.max_height = static_cast<std::uint32_t>(cfg.limits_max_height);
  limits.max_pixels = cfg.limits_max_pixels;
  limits.max_memory_bytes = cfg.limits_max_memory;
  limits.max_disk_bytes = cfg.limits_max_disk;

  settings.dispatcher.job_timeout = millis(cfg.worker_job_timeout);
  settings.dispatcher.max_attempts = static_cast<std::uint32_t>(cfg.worker_max_attempts);

  auto& image = settings.registry.image;
  image.job_deadline = millis(cfg.worker_job_deadline);
  image.idle_timeout = millis(cfg.images_idle_timeout);
  image.idempotency_ttl = millis(cfg.storage_idempotency_ttl);

  auto& housekeeping = settings.housekeeping;
  housekeeping.interval = millis(cfg.storage_housekeeping_interval);
  housekeeping.max_age = millis(cfg.storage_retention_max_age);
  housekeeping.max_bytes = cfg.storage_retention_max_bytes;

  auto& bridge = settings.bridge;
  bridge.limits = limits;
  bridge.request_timeout = millis(cfg.http_request_timeout);
  bridge.max_queued_jobs = cfg.worker_queue_limit;
  bridge.max_pending_uploads = cfg.storage_max_pending_uploads;

  auto& transport = settings.http.transport;
  transport.host = cfg.http_host;
  transport.port = cfg.http_port;
  transport.threads = static_cast<unsigned>(cfg.http_threads);
  transport.max_connections = cfg.http_max_connections;
  transport.limits.max_body_bytes = cfg.http_max_body;
  transport.limits.header_timeout = millis(cfg.http_header_timeout);
  transport.limits.body_timeout = millis(cfg.http_body_timeout);
  transport.limits.idle_timeout = millis(cfg.http_idle_timeout);
  transport.limits.linger = millis(cfg.http_header_timeout);
  settings.http.cors_origin = cfg.http_cors_origin;

  auto& hooks = settings.webhooks;
  for (const auto& host : cfg.webhooks_allowed_hosts)
    hooks.allowed_hosts.push_back(webhooks::normal_host(host));
  hooks.attempt_timeout = millis(cfg.webhooks_timeout);
  hooks.retry_delay = millis(cfg.webhooks_retry_delay);
  hooks.retry_delay_max = millis(cfg.webhooks_retry_delay_max);
  hooks.give_up_after = millis(cfg.webhooks_give_up_after);
  hooks.event_retention = millis(cfg.events_retention);
  settings.events_heartbeat = millis(cfg.events_heartbeat);
  return settings;
}

std::chrono::milliseconds millis(caf::timespan span) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(span);
}

} // namespace nodes

namespace nodes {

child_workers_options child_workers_options_of(const node_config& cfg, std::uint16_t cluster_port,
                                               const std::string& node_id,
                                               const std::string& secret) {
  // Children reach the gate over loopback when it listens everywhere.
  auto host = cfg.cluster_host;
  if (host == "0.0.0.0")
    host = "127.0.0.1";
  else if (host == "::")
    host = "::1";
  if (host.find(':') != std::string::npos)
    host = "[" + host + "]";
  child_workers_options options;
  options.count = cfg.worker_count;
  options.node_id_prefix = node_id + ".w";
  options.secret = secret;
  options.args = {
      "--node.role=worker",
      "--cluster.head=" + host + ":" + std::to_string(cluster_port),
      "--worker.count=1",
      "--log.level=" + cfg.log_level,
      "--node.shutdown-timeout=" + std::to_string(millis(cfg.node_shutdown_timeout).count()) + "ms",
      "--limits.max-width=" + std::to_string(cfg.limits_max_width),
      "--limits.max-height=" + std::to_string(cfg.limits_max_height),
      "--limits.max-pixels=" + std::to_string(cfg.limits_max_pixels),
      "--limits.max-memory=" + std::to_string(cfg.limits_max_memory),
      "--limits.max-disk=" + std::to_string(cfg.limits_max_disk),
      "--worker.shared-storage=" + std::filesystem::absolute(cfg.storage_path).string(),
  };
  if (cfg.cluster_uses_tls()) {
    options.args.push_back("--openssl.certificate=" + cfg.openssl_certificate);
    options.args.push_back("--openssl.key=" + cfg.openssl_key);
    if (!cfg.openssl_cafile.empty())
      options.args.push_back("--openssl.cafile=" + cfg.openssl_cafile);
    if (!cfg.openssl_capath.empty())
      options.args.push_back("--openssl.capath=" + cfg.openssl_capath);
  }
  return options;
}

} // namespace nodes
