#pragma once

// Workers with scripted behaviour, to test routing without GraphicsMagick.

#include <string>

#include <caf/fwd.hpp>

#include "actors/protocol.hpp"

namespace test_support {

/// Answers at once: bytes = input + "|" + the op names, node = `node`. A
/// job naming its input in the byte store gives "blob <sha256>" (plus " to
/// store" when its result goes there) as the input.
actors::worker_actor spawn_echo_worker(caf::actor_system& system, std::string node);

/// Accepts jobs and never answers, like a hung machine.
actors::worker_actor spawn_silent_worker(caf::actor_system& system);

/// Hands out jobs whose input is the version number, with one op "grayscale".
actors::job_source_actor spawn_job_source(caf::actor_system& system);

/// Rejects every job as a corrupt image.
actors::worker_actor spawn_rejecting_worker(caf::actor_system& system);

} // namespace test_support
