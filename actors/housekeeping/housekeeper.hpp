#pragma once

// Periodic upkeep of the storage of a head: forgetting expired idempotency
// keys, and retention, which deletes the oldest images (through the
// registry, so that their actors stop cleanly) while images are older than
// the maximum age or their bytes exceed the maximum, and giving the disk
// space of deleted images back to the file system (see reclaim_policy).

#include <chrono>
#include <cstdint>

#include <caf/fwd.hpp>

#include "actors/protocol.hpp"
#include "config/defaults.hpp"

namespace storage {
class image_store;
}

namespace actors {

struct housekeeping_settings {
  storage::image_store* store = nullptr; // not owned; outlives the housekeeper
  registry_actor registry;
  std::chrono::milliseconds interval{defaults::storage_housekeeping_interval};
  /// Images older than this are deleted; zero: no age limit.
  std::chrono::milliseconds max_age{0};
  /// Beyond this many bytes of images (originals and versions), the oldest
  /// are deleted; zero: no size limit.
  std::uint64_t max_bytes = 0;
};

/// Spawns the housekeeper on a thread of its own (reclaiming disk space
/// blocks for a while). It stops with the actor system or an exit message.
caf::actor spawn_housekeeper(caf::actor_system& system, housekeeping_settings settings);

} // namespace actors
