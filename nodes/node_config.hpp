#pragma once

// Every option of caf-node: name, type and meaning, declared once
// (node_config.cpp), with its default from config/defaults.hpp. They come from the config file
// (caf-node.ini in the working directory, or --config-file=PATH) and the command line
// (--section.key=value), which wins. config/caf-node.ini documents them.

#include <cstdint>
#include <string>
#include <vector>

#include <caf/actor_system_config.hpp>

#include "config/defaults.hpp"

namespace nodes {

class node_config : public caf::actor_system_config {
public:
  node_config();

  /// Reads the config file and the command line and checks every value.
  /// Returns the problems found, one line each (empty when all is well).
  /// Unlike plain CAF, an unknown key or a value of the wrong type in the
  /// config file is a problem, not silently ignored.
  std::vector<std::string> read_options(int argc, char** argv);

  /// True when --dump-config was given (CAF printed the configuration).
  bool help_printed() const {
    return cli_helptext_printed;
  }

  /// Every option with its type and description, by section; the file
  /// named as the config file's default is the one caf-node reads.
  std::string help_text() const;

  // [node]
  std::string role = defaults::role;
  std::string node_id; // empty: <hostname>-<pid>
  caf::timespan node_shutdown_timeout = defaults::shutdown_timeout;
  // [cluster]
  std::string cluster_host = defaults::cluster_host;
  std::uint16_t cluster_port = defaults::cluster_port;
  std::string cluster_head; // HOST:PORT, worker role only
  std::string cluster_secret;
  std::string cluster_secret_file;
  // [http]
  std::string http_host = defaults::http_host;
  std::uint16_t http_port = defaults::http_port;
  std::size_t http_threads = defaults::http_threads;
  std::size_t http_max_body = defaults::http_max_body;
  caf::timespan http_header_timeout = defaults::http_header_timeout;
  caf::timespan http_body_timeout = defaults::http_body_timeout;
  caf::timespan http_request_timeout = defaults::http_request_timeout;
  caf::timespan http_idle_timeout = defaults::http_idle_timeout;
  std::size_t http_max_connections = defaults::http_max_connections;
  std::string http_cors_origin;
  // [api]
  std::vector<std::string> api_keys; // "NAME SCOPE SHA256HEX" each
  std::string api_keys_file;
  // [storage]
  std::string storage_path = defaults::storage_path;
  std::size_t storage_block_cache = defaults::storage_block_cache;
  std::size_t storage_max_pending_uploads = defaults::storage_max_pending_uploads;
  caf::timespan storage_idempotency_ttl = defaults::storage_idempotency_ttl;
  caf::timespan storage_retention_max_age = caf::timespan{0};
  std::size_t storage_retention_max_bytes = 0;
  caf::timespan storage_housekeeping_interval = defaults::storage_housekeeping_interval;

  // [webhooks]
  std::vector<std::string> webhooks_allowed_hosts;
  caf::timespan webhooks_timeout = defaults::webhooks_timeout;
  caf::timespan webhooks_retry_delay = defaults::webhooks_retry_delay;
  caf::timespan webhooks_retry_delay_max = defaults::webhooks_retry_delay_max;
  caf::timespan webhooks_give_up_after = defaults::webhooks_give_up_after;
  // [events]
  caf::timespan events_retention = defaults::events_retention;
  caf::timespan events_heartbeat = defaults::events_heartbeat;

  // [images]
  caf::timespan images_idle_timeout = defaults::images_idle_timeout;

  // [worker]
  std::size_t worker_count; // default: one per core
  std::string worker_isolation = defaults::worker_isolation;

  caf::timespan worker_job_timeout = defaults::worker_job_timeout;
  std::size_t worker_max_attempts = defaults::worker_max_attempts;
  std::size_t worker_queue_limit = defaults::worker_queue_limit;
  caf::timespan worker_job_deadline = defaults::worker_job_deadline;
  std::string worker_shared_storage = defaults::worker_shared_storage; // worker role only
  // [limits]
  std::size_t limits_max_width = defaults::limits_max_width;
  std::size_t limits_max_height = defaults::limits_max_height;
  std::size_t limits_max_pixels = defaults::limits_max_pixels;
  std::size_t limits_max_memory = defaults::limits_max_memory;
  std::size_t limits_max_disk = defaults::limits_max_disk;
  // [profiles]
  std::string profiles_path = defaults::profiles_path;
  // [log]
  std::string log_level = defaults::log_level;

  /// node_id, or <hostname>-<pid> when it is empty.
  std::string effective_node_id() const;

  /// True when nodes talk over TLS (openssl.certificate is set).
  bool cluster_uses_tls() const;

  /// Every option of this service and of TLS with its current value, as
  /// (section.key, value) rows; secrets (cluster.secret, api.keys,
  /// openssl.passphrase) read "(hidden)" when set.
  std::vector<std::pair<std::string, std::string>> effective_options() const;

  /// The cluster secret from cluster.secret, cluster.secret-file or the
  /// environment variable CAF_NODE_CLUSTER_SECRET, in that order; empty
  /// when none is set. Throws std::runtime_error when the file is unreadable.
  std::string resolve_cluster_secret() const;

private:
  std::vector<std::string> check_config_file(const std::string& path) const;
  std::vector<std::string> check_values() const;
};

} // namespace nodes
