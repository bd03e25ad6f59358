#pragma once

#include <string>

#include <caf/fwd.hpp>

#include "actors/imaging/image_limits.hpp"
#include "actors/protocol.hpp"

namespace actors {

struct worker_settings {
  std::string node; // recorded in every result
  imaging::image_limits limits;
  /// The head's byte store, when this worker's node shares its disk: jobs
  /// then name their input there and leave their result there (job). Empty:
  /// bytes travel in the messages.
  std::string shared_store;
};

/// Spawns a worker: it decodes, transforms and encodes one job at a time.
/// It blocks while GraphicsMagick runs, so it gets a thread of its own
/// (caf::detached). Failures are answered as problems, never thrown.
worker_actor spawn_worker(caf::actor_system& system, worker_settings settings);

} // namespace actors
