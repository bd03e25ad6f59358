#pragma once

// The state of an image actor and the helpers that read it; shared by the
// files of the image actor only.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/image/held_versions.hpp"
#include "actors/image/image_actor.hpp"
#include "storage/image_store.hpp"

namespace actors {

/// A client waiting (?wait=) for a version to settle.
struct waiter {
  std::uint64_t id = 0;
  std::uint32_t version = 0;
  caf::typed_response_promise<command_reply> promise;
};

/// Lifecycle of the actor:
///
///   new --create--> serving --delete--> deleted --stop--> (gone)
///                   ^  |  \--idle, stop--> (gone; recreated from storage)
///                   +--+ one version running at a time
struct image_state {
  image_actor_settings settings;
  model::image_record record;
  bool stored = false;  // the image is in storage (false until create)
  bool deleted = false; // deleted: answer not_found until the registry stops us
  std::optional<std::uint32_t> running;
  // Versions may have been written without a disk sync since this actor's
  // last synced write (record_command()). True at first: an earlier
  // incarnation (before a restart by supervision) may have left some.
  bool unsynced_writes = true;
  std::vector<waiter> waiters;
  std::uint64_t next_waiter_id = 1;
  std::chrono::steady_clock::time_point last_activity;
  held_versions held;
  // Where the byte store keeps the original (0) and the done versions: their
  // bytes never change, so each is looked up in storage once.
  std::map<std::uint32_t, storage::stored_file> located;

  static inline const char* name = "image_actor";
};

using image_pointer = image_actor::stateful_pointer<image_state>;

bool is_settled(const model::version_record& version);

caf::error image_not_found(const image_state& state);

/// Version `number`, or nullptr.
model::version_record* find_version(image_state& state, std::uint32_t number);

/// Version `number`, which must exist: throws std::logic_error otherwise (a
/// broken invariant, handled by the actor's supervision).
model::version_record& version_at(image_state& state, std::uint32_t number);

/// The newest done version before `before`, or 0 for the original.
std::uint32_t latest_done_before(const image_state& state, std::uint32_t before);

/// The format and SHA-256 of the original (`number` 0) or of a done version.
struct stored_bytes_identity {
  const std::string& format;
  const std::string& sha256;
};
stored_bytes_identity identity_of(image_state& state, std::uint32_t number);

/// The bytes of the original (`number` 0) or of a done version, read.
model::outcome<std::string> read_stored_bytes(image_state& state, std::uint32_t number);

/// The byte store's file of the original (`number` 0) or of a done version,
/// looked up in storage once; nullptr when the store keeps those bytes
/// elsewhere (a store of schema 1).
model::outcome<const storage::stored_file*> located_file(image_state& state, std::uint32_t number);

/// Nothing to run, nothing running, nobody waiting: safe to stop.
bool is_idle(const image_state& state);

/// Updates the actor's share of dispatch_gauges::held: its queued versions,
/// none once the image is deleted.
void count_held_versions(image_state& state);

/// A claim of `key` made now, remembered for the configured time.
storage::idempotency_claim claim_of(const image_state& state, const std::string& key);

} // namespace actors
