#include "nodes/node_settings.hpp"

#include <stdexcept>

#include <unistd.h>

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
  settings.queue_limit = cfg.worker_queue_limit;
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
  options.max_connections = cfg.http_max_connections;
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

std::string host_name() {
  char host[256] = {};
  gethostname(host, sizeof(host) - 1);
  return host;
}

} // namespace nodes
