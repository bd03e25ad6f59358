#include "nodes/node_settings.hpp"

#include <stdexcept>

namespace nodes {

imaging::image_limits limits_of(const node_config& cfg) {
  imaging::image_limits limits;
  limits.max_width = static_cast<std::uint32_t>(cfg.limits_max_width);
  limits.max_height = static_cast<std::uint32_t>(cfg.limits_max_height);
  limits.max_pixels = cfg.limits_max_pixels;
  limits.max_memory_bytes = cfg.limits_max_memory;
  limits.max_disk_bytes = cfg.limits_max_disk;
  return limits;
}

actors::dispatcher_settings dispatcher_settings_of(const node_config& cfg) {
  actors::dispatcher_settings settings;
  settings.job_timeout = millis(cfg.worker_job_timeout);
  settings.max_attempts = static_cast<std::uint32_t>(cfg.worker_max_attempts);
  return settings;
}

http_api::server_options server_options_of(const node_config& cfg) {
  http_api::server_options options;
  options.host = cfg.http_host;
  options.port = cfg.http_port;
  options.threads = static_cast<unsigned>(cfg.http_threads);
  options.max_body_bytes = cfg.http_max_body;
  options.header_timeout =
      std::chrono::duration_cast<std::chrono::seconds>(cfg.http_header_timeout);
  options.body_timeout = std::chrono::duration_cast<std::chrono::seconds>(cfg.http_body_timeout);
  options.idle_timeout = std::chrono::duration_cast<std::chrono::seconds>(cfg.http_idle_timeout);
  options.max_connections = cfg.http_max_connections;
  options.cors_origin = cfg.http_cors_origin;
  // Checked by node_config::check_values(); a key file broken since then
  // fails the start here.
  auto keys = http_api::read_key_config(cfg.api_keys, cfg.api_keys_file);
  if (!keys.problems.empty())
    throw std::runtime_error(keys.problems.front());
  options.api_keys = std::move(keys.keys);
  return options;
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
