#pragma once

// Every metric the service exports, declared once: name, type, help text,
// labels and (for histograms) bucket bounds. Names carry the caf_node_
// prefix; units follow Prometheus conventions (seconds, bytes).

#include <string>
#include <vector>

namespace telemetry {

enum class metric_type { counter, gauge, histogram };

struct metric_spec {
  std::string name;
  metric_type type;
  std::string help;
  std::vector<std::string> labels;
  std::vector<double> buckets; // histograms only, ascending, without +Inf
};

/// The metrics the node records itself (counters and histograms).
const std::vector<metric_spec>& recorded_metrics();

/// The gauges read at scrape time from the actors and storage.
const std::vector<metric_spec>& sampled_metrics();

/// The spec called `name` in either list; nullptr if none.
const metric_spec* find_metric(const std::string& name);

namespace names {
constexpr const char* http_requests = "caf_node_http_requests_total";
constexpr const char* http_duration = "caf_node_http_request_duration_seconds";
constexpr const char* upload_bytes = "caf_node_upload_bytes_total";
constexpr const char* jobs = "caf_node_jobs_total";
constexpr const char* versions_reused = "caf_node_versions_reused_total";
constexpr const char* job_duration = "caf_node_job_duration_seconds";
constexpr const char* operation_duration = "caf_node_operation_duration_seconds";
constexpr const char* nodes = "caf_node_nodes";
constexpr const char* workers = "caf_node_workers";
constexpr const char* queue_depth = "caf_node_queue_depth";
constexpr const char* jobs_in_flight = "caf_node_jobs_in_flight";
constexpr const char* held_versions = "caf_node_commands_waiting_behind_image";
constexpr const char* image_actors = "caf_node_image_actors";
constexpr const char* passivated = "caf_node_image_actors_passivated_total";
constexpr const char* storage_bytes = "caf_node_storage_bytes";
constexpr const char* storage_images = "caf_node_storage_images";
constexpr const char* webhook_deliveries = "caf_node_webhook_deliveries_total";
constexpr const char* webhook_retries_pending = "caf_node_webhook_retries_pending";
constexpr const char* webhook_oldest_undelivered = "caf_node_webhook_oldest_undelivered_seconds";
constexpr const char* event_stream_listeners = "caf_node_event_stream_listeners";
} // namespace names

} // namespace telemetry
