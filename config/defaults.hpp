#pragma once

// The default of every caf-node option, once. nodes/node_config.hpp declares
// the options with these values, and the settings of each component start
// from the same ones, so that a component used alone (in a test, in a
// benchmark) behaves like in a node. config/caf-node.ini repeats them for
// people (tests/unit/nodes/node_config_test.cpp checks that it does).

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace defaults {

// [node]
inline constexpr const char* role = "standalone";
inline constexpr std::chrono::seconds shutdown_timeout{30};

// [cluster]
inline constexpr const char* cluster_host = "127.0.0.1";
inline constexpr std::uint16_t cluster_port = 4242;

// [http]
inline constexpr const char* http_host = "127.0.0.1";
inline constexpr std::uint16_t http_port = 8080;
inline constexpr unsigned http_threads = 2;
inline constexpr std::size_t http_max_body = std::size_t{64} << 20;
inline constexpr std::size_t http_max_header = std::size_t{32} << 10; // not an option
inline constexpr std::chrono::seconds http_header_timeout{10};
inline constexpr std::chrono::seconds http_body_timeout{60};
inline constexpr std::chrono::seconds http_request_timeout{30};
inline constexpr std::chrono::seconds http_idle_timeout{120};
inline constexpr std::size_t http_max_connections = 1024;

// [storage]
inline constexpr const char* storage_path = "./data";
inline constexpr std::size_t storage_block_cache = std::size_t{32} << 20;
inline constexpr std::size_t storage_max_pending_uploads = 32;
inline constexpr std::chrono::hours storage_idempotency_ttl{24};
inline constexpr std::chrono::seconds storage_housekeeping_interval{10};

// [webhooks], [events]
inline constexpr std::chrono::seconds webhooks_timeout{5};
inline constexpr std::chrono::seconds webhooks_retry_delay{1};
inline constexpr std::chrono::minutes webhooks_retry_delay_max{15};
inline constexpr std::chrono::hours webhooks_give_up_after{24};
inline constexpr std::chrono::hours events_retention{1};
inline constexpr std::chrono::seconds events_heartbeat{15};

// [images]
inline constexpr std::chrono::seconds images_idle_timeout{60};

// [worker]
inline constexpr const char* worker_isolation = "process";
inline constexpr std::chrono::seconds worker_job_timeout{60};
inline constexpr std::uint32_t worker_max_attempts = 3;
inline constexpr std::uint64_t worker_queue_limit = 10000;
inline constexpr std::chrono::minutes worker_job_deadline{10};
inline constexpr const char* worker_shared_storage = "";

// [limits]
inline constexpr std::uint32_t limits_max_width = 65535;
inline constexpr std::uint32_t limits_max_height = 65535;
inline constexpr std::uint64_t limits_max_pixels = 100'000'000;
inline constexpr std::uint64_t limits_max_memory = std::uint64_t{2} << 30;
inline constexpr std::uint64_t limits_max_disk = 0;

// [profiles]
inline constexpr const char* profiles_path = "config/profiles";

// [log]
inline constexpr const char* log_level = "info";

} // namespace defaults
