#pragma once

// Every option of caf-node: name, type, default and meaning, declared once
// (node_config.cpp). They come from the config file (caf-node.ini in the
// working directory, or --config-file=PATH) and the command line
// (--section.key=value), which wins. config/caf-node.ini documents them.

#include <cstdint>
#include <string>
#include <vector>

#include <caf/actor_system_config.hpp>

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
  std::string role = "standalone";
  std::string node_id; // empty: <hostname>-<pid>
  caf::timespan node_shutdown_timeout = std::chrono::seconds(30);
  // [cluster]
  std::string cluster_host = "127.0.0.1";
  std::uint16_t cluster_port = 4242;
  std::string cluster_head; // HOST:PORT, worker role only
  std::string cluster_secret;
  std::string cluster_secret_file;
  // [http]
  std::string http_host = "127.0.0.1";
  std::uint16_t http_port = 8080;
  std::size_t http_threads = 2;
  std::size_t http_max_body = 64u << 20;
  caf::timespan http_header_timeout = std::chrono::seconds(10);
  caf::timespan http_body_timeout = std::chrono::seconds(60);
  caf::timespan http_request_timeout = std::chrono::seconds(30);
  caf::timespan http_idle_timeout = std::chrono::seconds(120);
  std::size_t http_max_connections = 1024;
  std::string http_cors_origin;
  // [api]
  std::vector<std::string> api_keys; // "NAME SCOPE SHA256HEX" each
  std::string api_keys_file;
  // [storage]
  std::string storage_path = "./data";
  std::size_t storage_block_cache = 32u << 20;
  std::size_t storage_max_pending_uploads = 32;
  caf::timespan storage_idempotency_ttl = std::chrono::hours(24);
  caf::timespan storage_retention_max_age = caf::timespan{0};
  std::size_t storage_retention_max_bytes = 0;
  caf::timespan storage_housekeeping_interval = std::chrono::seconds(10);

  // [images]
  caf::timespan images_idle_timeout = std::chrono::seconds(60);

  // [worker]
  std::size_t worker_count; // default: one per core
  std::string worker_isolation = "process";

  caf::timespan worker_job_timeout = std::chrono::seconds(60);
  std::size_t worker_max_attempts = 3;
  std::size_t worker_queue_limit = 10000;
  caf::timespan worker_job_deadline = std::chrono::minutes(10);
  // [limits]
  std::size_t limits_max_width = 65535;
  std::size_t limits_max_height = 65535;
  std::size_t limits_max_pixels = 100'000'000;
  std::size_t limits_max_memory = 2ull << 30;
  std::size_t limits_max_disk = 0;
  // [profiles]
  std::string profiles_path = "config/profiles";
  // [log]
  std::string log_level = "info";

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
