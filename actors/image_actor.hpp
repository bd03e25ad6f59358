#pragma once

#include <chrono>

#include <caf/fwd.hpp>

#include "actors/model/records.hpp"
#include "actors/protocol.hpp"

namespace storage {
class image_store;
}

namespace actors {

struct image_actor_settings {
  storage::image_store* store = nullptr; // not owned; outlives every actor
  dispatcher_actor dispatcher;
  /// How long a job may take from submission to its result, queueing and
  /// retries included; past it the version fails.
  std::chrono::milliseconds job_deadline{std::chrono::minutes(10)};
  /// Pause before offering a job again when the dispatcher is overloaded.
  std::chrono::milliseconds overload_backoff{std::chrono::seconds(1)};
};

enum class image_origin {
  uploaded, // not stored yet: the first message must be create_atom
  stored,   // loaded from storage: resumes its unfinished versions at once
};

/// Spawns the actor that owns `image`: it answers for the image, records
/// commands and runs them one at a time, in order, through the dispatcher.
image_actor spawn_image_actor(caf::actor_system& system, model::image_record image,
                              image_origin origin, image_actor_settings settings);

} // namespace actors
