#include "nodes/node_config.hpp"

#include "http/routing/api_keys.hpp"
#include "http/routing/cors.hpp"
#include "nodes/cluster_secret_source.hpp"
#include "nodes/host_port.hpp"
#include "nodes/local_address.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <caf/config_option_adder.hpp>
#include <caf/config_value.hpp>
#include <unistd.h>

namespace nodes {

namespace {

constexpr const char* default_config_file = "caf-node.ini";

const std::vector<std::string> roles{"standalone", "head", "worker"};

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}
const std::vector<std::string> log_levels{"trace", "debug", "info", "warn", "error", "off"};

bool contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

std::string join(const std::vector<std::string>& values) {
  std::string text;
  for (const auto& value : values)
    text += (text.empty() ? "" : ", ") + value;
  return text;
}

/// The --config-file=PATH argument, if any.
std::string config_file_argument(int argc, char** argv) {
  const std::string prefix = "--config-file=";
  for (int i = 1; i < argc; ++i) {
    std::string argument = argv[i];
    if (argument.rfind(prefix, 0) == 0)
      return argument.substr(prefix.size());
  }
  return {};
}

std::string type_name(const caf::config_option& option) {
  auto name = option.type_name();
  return std::string(name.data(), name.size());
}

} // namespace

node_config::node_config() : worker_count(std::max(1u, std::thread::hardware_concurrency())) {
  // Image actors write to storage with fsync: a few more scheduler threads
  // than cores keep the API answering while some of them wait on the disk.
  set("scheduler.max-threads",
      static_cast<std::size_t>(std::max(4u, 2 * std::thread::hardware_concurrency())));
  // Idle threads of the work-stealing scheduler poll with short sleeps, and
  // work queued meanwhile waits for the next poll: a tiny job crosses four
  // actors and two processes, so its latency and the idle CPU added up
  // (about a millisecond per job, a tenth of the head's CPU). Work sharing
  // wakes a blocked thread as soon as work comes.
  set("scheduler.policy", caf::atom("sharing"));
  // Messages from other nodes are deserialized on the network thread that
  // read them rather than handed to a deserialization thread first: one
  // thread switch less per message each way (tiny job p50 -0.5 ms).
  set("middleman.workers", static_cast<std::size_t>(0));
  config_file_path = default_config_file;
  // Heartbeats keep idle connections open through firewalls. Hung nodes are
  // detected by the nodes' own pings (dispatcher_settings::node_timeout):
  // CAF's connection timeout drops healthy TLS connections.
  set("middleman.heartbeat-interval", caf::timespan{std::chrono::seconds(1)});
  opt_group{custom_options_, "node"}
      .add(role, "role",
           "standalone or head: HTTP API, storage, dispatcher (and local workers); "
           "worker: workers only, joining --cluster.head")
      .add(node_id, "id", "name of this node in versions and logs (default <hostname>-<pid>)")
      .add(node_shutdown_timeout, "shutdown-timeout",
           "on SIGTERM, how long running jobs may take to finish");
  opt_group{custom_options_, "cluster"}
      .add(cluster_host, "host", "address the head listens on for worker nodes")
      .add(cluster_port, "port", "port the head listens on for worker nodes (0: any free port)")
      .add(cluster_head, "head", "HOST:PORT of the head (worker role)")
      .add(cluster_secret, "secret", "shared secret worker nodes must prove to the head")
      .add(cluster_secret_file, "secret-file", "file holding the cluster secret (docker secrets)");
  opt_group{custom_options_, "http"}
      .add(http_host, "host", "address the HTTP API listens on (0.0.0.0 for every interface)")
      .add(http_port, "port", "port of the HTTP API")
      .add(http_threads, "threads", "threads serving HTTP connections")
      .add(http_max_body, "max-body", "largest accepted request body in bytes")
      .add(http_header_timeout, "header-timeout", "time a client has to send the request headers")
      .add(http_body_timeout, "body-timeout", "time a client has to send the request body")
      .add(http_request_timeout, "request-timeout",
           "deadline of a request inside the service (plus any ?wait)")
      .add(http_idle_timeout, "idle-timeout",
           "a connection without a request in progress is closed after this")
      .add(http_max_connections, "max-connections",
           "connections open at once; more are answered 503 and closed")
      .add(http_cors_origin, "cors-origin",
           "origin whose browser pages may read the API (\"*\" for any; empty: none)");
  opt_group{custom_options_, "api"}
      .add(api_keys, "keys", "API keys as \"NAME SCOPE SHA256HEX\" (scope device or admin)")
      .add(api_keys_file, "keys-file", "file of API keys, one \"NAME SCOPE SHA256HEX\" a line");
  opt_group{custom_options_, "storage"}
      .add(storage_path, "path", "folder of the RocksDB database")
      .add(storage_block_cache, "block-cache", "RocksDB block cache in bytes")
      .add(storage_max_pending_uploads, "max-pending-uploads",
           "uploads being stored at once; more get 503 (overloaded)")
      .add(storage_idempotency_ttl, "idempotency-ttl",
           "how long Idempotency-Key values of uploads and commands are remembered")
      .add(storage_retention_max_age, "retention-max-age",
           "images older than this are deleted, oldest first (0s: keep forever)")
      .add(storage_retention_max_bytes, "retention-max-bytes",
           "beyond this many bytes of images, the oldest are deleted (0: no limit)")
      .add(storage_housekeeping_interval, "housekeeping-interval",
           "how often retention runs and expired idempotency keys are forgotten");

  opt_group{custom_options_, "webhooks"}
      .add(webhooks_allowed_hosts, "allowed-hosts",
           "hosts webhooks may deliver to, as in their URLs (empty: any)")
      .add(webhooks_timeout, "timeout", "time one delivery attempt may take, connecting included")
      .add(webhooks_retry_delay, "retry-delay",
           "wait after a first failed delivery; it doubles with each further failure")
      .add(webhooks_retry_delay_max, "retry-delay-max", "longest wait between two attempts")
      .add(webhooks_give_up_after, "give-up-after",
           "an event a receiver did not take for this long is given up");
  opt_group{custom_options_, "events"}
      .add(events_retention, "retention",
           "events are kept this long for Last-Event-ID (and until every webhook had them)")
      .add(events_heartbeat, "heartbeat",
           "GET /v1/events sends a comment this often when no event comes");

  opt_group{custom_options_, "images"}.add(
      images_idle_timeout, "idle-timeout",
      "an image's actor idle this long stops; storage keeps the image (0s: never)");

  opt_group{custom_options_, "worker"}
      .add(worker_count, "count", "local workers (default: one per core)")
      .add(worker_isolation, "isolation",
           "process: local workers run in child processes, apart from the storage; "
           "thread: in this process")
      .add(worker_job_timeout, "job-timeout", "time one attempt of a job may take on a worker")
      .add(worker_max_attempts, "max-attempts", "attempts of a job lost with its worker")
      .add(worker_queue_limit, "queue-limit",
           "jobs waiting for a worker before new commands get 503 (overloaded)")
      .add(worker_job_deadline, "job-deadline",
           "time a job may take from submission to result, waiting included")
      .add(worker_shared_storage, "shared-storage",
           "storage.path of the head when this worker node shares its disk: jobs then travel "
           "by file name instead of by bytes (worker role)");
  opt_group{custom_options_, "limits"}
      .add(limits_max_width, "max-width", "widest accepted image in pixels")
      .add(limits_max_height, "max-height", "tallest accepted image in pixels")
      .add(limits_max_pixels, "max-pixels", "largest accepted image in pixels (width x height)")
      .add(limits_max_memory, "max-memory", "decoder memory per process in bytes")
      .add(limits_max_disk, "max-disk", "decoder disk cache in bytes (0: none)");
  opt_group{custom_options_, "profiles"}.add(profiles_path, "path",
                                             "folder of profile files (NAME.ops)");
  opt_group{custom_options_, "log"}.add(log_level, "level", "trace, debug, info, warn, error, off");
}

std::string node_config::help_text() const {
  auto text = custom_options_.help_text(false);
  // CAF's descriptions of its global options name its own defaults.
  auto replace = [&text](const std::string& from, const std::string& to) {
    if (auto at = text.find(from); at != std::string::npos)
      text.replace(at, from.size(), to);
  };
  replace("caf-application.ini", std::string(default_config_file) + " if present");
  replace("print help text to STDERR and exit", "print this help text and exit");
  replace("print long help text to STDERR and exit", "print this help text and exit");
  return text;
}

std::vector<std::string> node_config::read_options(int argc, char** argv) {
  auto explicit_file = config_file_argument(argc, argv);
  std::string file = explicit_file;
  if (file.empty() && std::filesystem::exists(default_config_file))
    file = default_config_file;
  std::vector<std::string> problems;
  if (!file.empty()) {
    problems = check_config_file(file);
    if (!problems.empty())
      return problems;
  }
  // CAF reads the file again (now known to be valid) and the command line.
  if (auto failure = parse(argc, argv, file.empty() ? nullptr : file.c_str()))
    return {"invalid command line: " + caf::to_string(failure) +
            " (see --help for the options and their types)"};
  if (!remainder.empty())
    return {"unexpected argument \"" + remainder.front() +
            "\" (options look like --http.port=8080)"};
  if (cli_helptext_printed)
    return {};
  return check_values();
}

std::vector<std::string> node_config::check_config_file(const std::string& path) const {
  std::ifstream input(path);
  if (!input)
    return {"cannot read config file " + path};
  auto content = parse_config(input);
  if (!content)
    return {"config file " + path + ": " + caf::to_string(content.error())};
  std::vector<std::string> problems;
  for (const auto& [section, entries] : *content) {
    const auto* keys = caf::get_if<caf::config_value::dictionary>(&entries);
    if (keys == nullptr) {
      problems.push_back("config file " + path + ": \"" + section + "\" is not inside a [section]");
      continue;
    }
    for (const auto& [key, value] : *keys) {
      auto name = section + "." + key;
      const auto* option = custom_options_.qualified_name_lookup(name);
      if (option == nullptr) {
        problems.push_back("config file " + path + ": unknown option " + name);
        continue;
      }
      if (auto failure = option->check(value))
        problems.push_back("config file " + path + ": " + name + " = " + caf::to_string(value) +
                           " is not a valid " + type_name(*option));
    }
  }
  return problems;
}

std::vector<std::string> node_config::check_values() const {
  std::vector<std::string> problems;
  auto require = [&](bool condition, std::string problem) {
    if (!condition)
      problems.push_back(std::move(problem));
  };
  require(contains(roles, role),
          "node.role must be one of " + join(roles) + ", got \"" + role + "\"");
  require(contains(log_levels, log_level),
          "log.level must be one of " + join(log_levels) + ", got \"" + log_level + "\"");
  require(!http_host.empty(), "http.host must not be empty");
  require(cluster_secret.empty() || cluster_secret_file.empty(),
          "set cluster.secret or cluster.secret-file, not both");
  if (role == "worker") {
    require(parse_host_port(cluster_head).has_value(),
            "the worker role needs --cluster.head=HOST:PORT (port 1 to 65535), got \"" +
                cluster_head + "\"");
  } else {
    require(cluster_head.empty(), "cluster.head is only for the worker role");
    require(worker_shared_storage.empty(), "worker.shared-storage is only for the worker role");
    require(is_loopback(cluster_host) || cluster_uses_tls() || !cluster_secret.empty() ||
                !cluster_secret_file.empty() || std::getenv("CAF_NODE_CLUSTER_SECRET") != nullptr,
            "refusing to accept worker nodes on " + cluster_host +
                " without a cluster secret or TLS: set cluster.secret (or cluster.secret-file) "
                "or openssl.certificate, or listen on 127.0.0.1");
  }
  require(http_threads >= 1 && http_threads <= 256, "http.threads must be from 1 to 256");
  require(http_max_body >= 1024, "http.max-body must be at least 1024 bytes");
  require(http_max_connections >= 1, "http.max-connections must be at least 1");
  require(http_header_timeout.count() > 0 && http_body_timeout.count() > 0 &&
              http_idle_timeout.count() > 0,
          "http.header-timeout, http.body-timeout and http.idle-timeout must be positive");
  require(http_cors_origin.empty() || http_api::is_valid_cors_origin(http_cors_origin),
          "http.cors-origin must be \"*\" or an origin such as https://dashboard.example:8443, "
          "got \"" +
              http_cors_origin + "\"");
  for (auto& problem : http_api::read_key_config(api_keys, api_keys_file).problems)
    problems.push_back(std::move(problem));
  require(!storage_path.empty(), "storage.path must not be empty");
  require(worker_count <= 1024, "worker.count must be at most 1024");
  require(worker_isolation == "process" || worker_isolation == "thread",
          "worker.isolation must be process or thread, got \"" + worker_isolation + "\"");

  require(worker_max_attempts >= 1, "worker.max-attempts must be at least 1");
  require(worker_queue_limit >= 1, "worker.queue-limit must be at least 1");
  require(storage_max_pending_uploads >= 1, "storage.max-pending-uploads must be at least 1");
  require(storage_housekeeping_interval >= std::chrono::milliseconds(100),
          "storage.housekeeping-interval must be at least 100ms");
  require(storage_retention_max_age.count() >= 0, "storage.retention-max-age must not be negative");
  require(webhooks_timeout >= std::chrono::milliseconds(100),
          "webhooks.timeout must be at least 100ms");
  require(webhooks_retry_delay >= std::chrono::milliseconds(10),
          "webhooks.retry-delay must be at least 10ms");
  require(webhooks_retry_delay_max >= webhooks_retry_delay,
          "webhooks.retry-delay-max must not be shorter than webhooks.retry-delay");
  require(webhooks_give_up_after.count() > 0, "webhooks.give-up-after must be positive");
  require(events_retention.count() > 0, "events.retention must be positive");
  require(events_heartbeat >= std::chrono::milliseconds(100),
          "events.heartbeat must be at least 100ms");

  require(worker_job_timeout.count() > 0, "worker.job-timeout must be positive");
  require(worker_job_deadline >= worker_job_timeout,
          "worker.job-deadline must not be shorter than worker.job-timeout");
  require(limits_max_width >= 1 && limits_max_width <= 1'000'000,
          "limits.max-width must be from 1 to 1000000");
  require(limits_max_height >= 1 && limits_max_height <= 1'000'000,
          "limits.max-height must be from 1 to 1000000");
  require(limits_max_pixels >= 1, "limits.max-pixels must be at least 1");
  require(limits_max_memory >= (16u << 20), "limits.max-memory must be at least 16 MiB");
  return problems;
}

std::vector<std::pair<std::string, std::string>> node_config::effective_options() const {
  static const std::vector<std::string> shown{"node",     "cluster", "http",   "api",    "storage",
                                              "webhooks", "events",  "images", "worker", "profiles",
                                              "limits",   "log",     "openssl"};
  static const std::vector<std::string> secrets{"cluster.secret", "api.keys", "openssl.passphrase"};
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& option : custom_options_) {
    auto category = option.category();
    if (!contains(shown, std::string(category.data(), category.size())))
      continue;
    auto name = option.full_name();
    std::string key(name.data(), name.size());
    auto value = option.get();
    std::string text;
    if (value)
      text = caf::holds_alternative<std::string>(*value) ? caf::get<std::string>(*value)
                                                         : caf::to_string(*value);
    if (contains(secrets, key) && !text.empty() && text != "[]")
      text = "(hidden)";
    rows.emplace_back(std::move(key), std::move(text));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

bool node_config::cluster_uses_tls() const {
  return !openssl_certificate.empty();
}

std::string node_config::resolve_cluster_secret() const {
  return read_cluster_secret(cluster_secret, cluster_secret_file);
}

std::string node_config::effective_node_id() const {
  if (!node_id.empty())
    return node_id;
  return host_name() + "-" + std::to_string(getpid());
}

} // namespace nodes
