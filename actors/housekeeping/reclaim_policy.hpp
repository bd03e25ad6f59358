#pragma once

// When the housekeeper gives the disk space of deleted images back.
// RocksDB keeps deleted image bytes in their blob files until
// image_store::reclaim_space() rewrites those files, a pass that costs
// tens of milliseconds even with nothing to collect: it runs once the
// garbage (bytes on disk beyond the live ones) has grown enough since the
// last pass, whoever deleted the images.

#include <cstdint>

#include "storage/image_store.hpp"

namespace actors {

class reclaim_policy {
public:
  /// Garbage that always justifies a pass: half a blob file.
  static constexpr std::uint64_t min_garbage_bytes = 32ull << 20;

  /// Whether the garbage in `usage` grew since the last pass by at least
  /// min_garbage_bytes or a quarter of the live bytes, whichever is more.
  bool due(const storage::store_usage& usage) const;

  /// Records the usage after a pass: what garbage it could not remove (a
  /// blob file mostly live, file overhead) does not count towards the next.
  void reclaimed(const storage::store_usage& usage);

private:
  std::uint64_t garbage_left_ = 0;
};

} // namespace actors
