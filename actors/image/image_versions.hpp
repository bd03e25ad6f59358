#pragma once

// How an image actor turns commands into versions: recording, running one at
// a time through the dispatcher, and serving their bytes.

#include <cstdint>

#include "actors/image/image_state.hpp"

namespace actors {

/// Records a command as the next version (durably, before answering) and
/// starts it when nothing else runs. With a wait, answers once the version
/// settles or the wait is over.
caf::result<command_reply> record_command(image_pointer self, command_request& request);

/// Starts the oldest queued version unless one is running.
void start_next(image_pointer self);

/// The job of the running version `number`, with the bytes of its source.
caf::result<job> load_job(image_pointer self, std::uint32_t number);

/// The bytes `which` selects.
caf::result<model::image_content> read_content(image_pointer self, const content_selector& which);

/// Answers the client waiting with `waiter_id` with the current state of
/// its version.
void end_wait(image_pointer self, std::uint64_t waiter_id);

} // namespace actors
