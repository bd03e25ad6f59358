#include "actors/housekeeping/reclaim_policy.hpp"

#include <algorithm>

namespace actors {

namespace {

std::uint64_t garbage_of(const storage::store_usage& usage) {
  // Bytes still in memtables count as live but are not on disk yet.
  return usage.disk_bytes > usage.live_bytes ? usage.disk_bytes - usage.live_bytes : 0;
}

} // namespace

bool reclaim_policy::due(const storage::store_usage& usage) const {
  auto garbage = garbage_of(usage);
  auto threshold = std::max(min_garbage_bytes, usage.live_bytes / 4);
  return garbage > garbage_left_ && garbage - garbage_left_ >= threshold;
}

void reclaim_policy::reclaimed(const storage::store_usage& usage) {
  garbage_left_ = garbage_of(usage);
}

} // namespace actors
