#include "actors/telemetry/metric_catalog.hpp"

namespace telemetry {

namespace {

// Request and job times from a millisecond to a minute.
const std::vector<double> duration_buckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                           0.5,   1,      2.5,   5,    10,    30,   60};

} // namespace

const std::vector<metric_spec>& recorded_metrics() {
  static const std::vector<metric_spec> specs{
      {names::http_requests,
       metric_type::counter,
       "HTTP requests answered, by route and status.",
       {"route", "method", "status"},
       {}},
      {names::http_duration,
       metric_type::histogram,
       "Time from a request's arrival to its answer, by route.",
       {"route"},
       duration_buckets},
      {names::upload_bytes, metric_type::counter, "Bytes of images stored by uploads.", {}, {}},
      {names::jobs,
       metric_type::counter,
       "Jobs by outcome: done, failed, or retried after losing a worker.",
       {"state"},
       {}},
      {names::versions_reused,
       metric_type::counter,
       "Versions done at once with the bytes of an equal result, without a job.",
       {},
       {}},
      {names::job_duration,
       metric_type::histogram,
       "Time a worker took for a job, decoding and encoding included.",
       {},
       duration_buckets},
      {names::operation_duration,
       metric_type::histogram,
       "Time a worker spent per operation (decode and encode count as operations).",
       {"operation"},
       duration_buckets},
      {names::webhook_deliveries,
       metric_type::counter,
       "Webhook delivery attempts by outcome: delivered, failed (to be retried), given_up.",
       {"outcome"},
       {}},
  };
  return specs;
}

const std::vector<metric_spec>& sampled_metrics() {
  static const std::vector<metric_spec> specs{
      {names::nodes, metric_type::gauge, "Nodes known to the head, by state.", {"state"}, {}},
      {names::workers, metric_type::gauge, "Workers of nodes that are up.", {}, {}},
      {names::queue_depth, metric_type::gauge, "Jobs waiting for a worker.", {}, {}},
      {names::jobs_in_flight, metric_type::gauge, "Jobs on a worker.", {}, {}},
      {names::held_versions,
       metric_type::gauge,
       "Commands accepted and waiting behind another command of the same image.",
       {},
       {}},
      {names::image_actors, metric_type::gauge, "Image actors in memory.", {}, {}},
      {names::passivated, metric_type::counter, "Image actors stopped after idling.", {}, {}},
      {names::storage_bytes,
       metric_type::gauge,
       "Storage size: live image bytes, and the database files on disk.",
       {"kind"},
       {}},
      {names::storage_images, metric_type::gauge, "Images stored.", {}, {}},
      {names::webhook_retries_pending,
       metric_type::gauge,
       "Webhooks waiting to retry an event their receiver has not taken.",
       {},
       {}},
      {names::webhook_oldest_undelivered,
       metric_type::gauge,
       "Age of the oldest event a webhook wants and has not delivered yet; 0 when none waits.",
       {},
       {}},
      {names::event_stream_listeners,
       metric_type::gauge,
       "Clients connected to GET /v1/events.",
       {},
       {}},
  };
  return specs;
}

const metric_spec* find_metric(const std::string& name) {
  for (const auto* list : {&recorded_metrics(), &sampled_metrics()})
    for (const auto& spec : *list)
      if (spec.name == name)
        return &spec;
  return nullptr;
}

} // namespace telemetry
