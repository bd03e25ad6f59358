#pragma once

#include <chrono>
#include <memory>

#include <caf/fwd.hpp>

#include "actors/cluster/dispatch_gauges.hpp"
#include "actors/model/records.hpp"
#include "actors/protocol.hpp"
#include "actors/telemetry/metrics.hpp"
#include "config/defaults.hpp"

namespace storage {
class image_store;
}

namespace actors {

struct image_actor_settings {
  storage::image_store* store = nullptr; // not owned; outlives every actor
  dispatcher_actor dispatcher;
  /// Told when the actor is idle and could stop (passivation).
  registry_actor registry;
  /// How long a job may take from submission to its result, queueing and
  /// retries included; past it the version fails.
  std::chrono::milliseconds job_deadline{defaults::worker_job_deadline};
  /// After this long without a message, with nothing queued or running and
  /// no client waiting, the actor offers to stop; storage keeps its state.
  /// Zero: never.
  std::chrono::milliseconds idle_timeout{defaults::images_idle_timeout};
  /// How long idempotency keys of uploads and commands are remembered.
  std::chrono::milliseconds idempotency_ttl{defaults::storage_idempotency_ttl};
  /// Where the versions waiting behind a running one are counted, for
  /// admission control; none: not counted.
  std::shared_ptr<dispatch_gauges> gauges;
  /// Where reused versions are counted; may be null.
  std::shared_ptr<telemetry::metrics> metrics;
};

enum class image_origin {
  uploaded, // not stored yet: the first message must be create_atom (with
            // the upload: its original and idempotency key, if any)

  stored, // loaded from storage: resumes its unfinished versions at once
};

/// Spawns the actor that owns `image`: it answers for the image, records
/// commands and runs them one at a time, in order, through the dispatcher.
/// An exception inside it answers the request at hand with internal_error
/// and stops the actor; the registry recreates it from storage on the next
/// request, so a failure costs one request and never another image's.
image_actor spawn_image_actor(caf::actor_system& system, model::image_record image,
                              image_origin origin, image_actor_settings settings);

} // namespace actors
