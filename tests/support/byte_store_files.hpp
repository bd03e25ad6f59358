#pragma once

// What a node's byte store holds on disk, counted from outside the node:
// its blobs (files named by a SHA-256) and its temporaries (bytes being
// written or not yet published).

#include <cstddef>
#include <filesystem>
#include <iterator>

namespace test_support {

/// Blob files under `bytes`, the byte store's folder (<storage>/bytes).
inline std::size_t blob_files(const std::filesystem::path& bytes) {
  namespace fs = std::filesystem;
  std::size_t count = 0;
  for (const auto& folder : fs::directory_iterator(bytes))
    if (folder.is_directory() && folder.path().filename() != "tmp")
      for (const auto& file : fs::directory_iterator(folder.path()))
        count += file.path().filename().string().size() == 64 ? 1 : 0;
  return count;
}

/// Temporary files under `bytes`.
inline std::size_t temporaries(const std::filesystem::path& bytes) {
  namespace fs = std::filesystem;
  return static_cast<std::size_t>(
      std::distance(fs::directory_iterator(bytes / "tmp"), fs::directory_iterator()));
}

} // namespace test_support
