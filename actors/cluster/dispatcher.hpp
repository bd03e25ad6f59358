#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <caf/fwd.hpp>

#include "actors/cluster/dispatch_gauges.hpp"
#include "actors/protocol.hpp"
#include "actors/telemetry/metrics.hpp"
#include "config/defaults.hpp"

namespace actors {

struct dispatcher_settings {
  /// How long one attempt of a job may take on a worker before it is
  /// considered lost and tried elsewhere.
  std::chrono::milliseconds job_timeout{defaults::worker_job_timeout};
  /// Attempts per job before it fails (counting only lost or timed-out
  /// attempts: a job the worker rejects fails at once).
  std::uint32_t max_attempts = defaults::worker_max_attempts;
  /// Jobs sent to one worker at a time. 2 lets the next job's bytes travel
  /// while the worker still computes.
  std::uint32_t jobs_per_worker = 1;
  /// A worker node not heard from (pings, results) for this long is lost:
  /// its jobs go elsewhere. This catches hung nodes whatever the transport;
  /// zero turns the check off.
  std::chrono::milliseconds node_timeout{std::chrono::seconds(5)};
  /// The head's byte store: its folder and identity. Jobs whose input is
  /// there travel by name to workers that share the store (worker_offer::
  /// store_id equal to `store_id`); for other workers the dispatcher reads
  /// the bytes. Empty: every job carries its bytes.
  std::string byte_store_root;
  std::string store_id;
  /// How long an image actor may take to hand over a job's bytes.
  std::chrono::milliseconds load_timeout{std::chrono::seconds(30)};
  /// Where the dispatcher publishes its queue and load; may be null.
  std::shared_ptr<dispatch_gauges> gauges;
  /// Where job outcomes and times are recorded; may be null.
  std::shared_ptr<telemetry::metrics> metrics;
  /// Told the id of a node that went silent or on which a job timed out;
  /// called from the dispatcher's thread, must not block. May be empty.
  std::function<void(const std::string& node_id)> on_node_failure;
};

/// Routes each job to the least-loaded worker; queues in arrival order when
/// every worker is busy. Monitors workers: the jobs of a lost worker, and
/// jobs that time out, go back to the front of the queue.
dispatcher_actor spawn_dispatcher(caf::actor_system& system, dispatcher_settings settings);

} // namespace actors
