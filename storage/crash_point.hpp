#pragma once

// Named points between the steps of a write where the process kills itself
// (SIGKILL) when the environment variable CAF_NODE_CRASH_AT names the point:
// how the reliability tests stop a node exactly there, which no signal sent
// from outside can hit. Unset, a point costs one comparison.
//
//   bytes-synced     bytes synced among the byte store's temporaries, not
//                    yet published under their name
//   bytes-published  bytes under their name, their record not committed
//   record-deleted   a delete committed, the file of its last reference not
//                    yet removed

#include <string_view>

namespace storage {

void crash_point(std::string_view name);

} // namespace storage
