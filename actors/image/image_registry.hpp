#pragma once

#include <caf/fwd.hpp>

#include "actors/image/image_actor.hpp"
#include "actors/protocol.hpp"
#include "config/defaults.hpp"

namespace actors {

struct registry_settings {
  image_actor_settings image; // for every image actor it spawns
  /// Deadline of the registry's own requests to image actors (delete).
  std::chrono::milliseconds request_timeout{defaults::http_request_timeout};
};

/// Spawns the registry: it assigns ids to uploads, keeps one live image
/// actor per image it is asked about (recreating it from storage when
/// needed), and forwards every request to it. Listing reads storage.
registry_actor spawn_registry(caf::actor_system& system, registry_settings settings);

} // namespace actors
