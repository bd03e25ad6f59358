#pragma once

// What a node acknowledged to clients (an upload answered 201, a command
// answered 200 or 202): the work that must survive whatever happens to the
// node afterwards. Thread-safe: client threads add, the test reads.

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace reliability {

struct acknowledged_image {
  std::string sha256; // of the bytes uploaded
  std::size_t bytes = 0;
  /// Version numbers acknowledged: created with the upload (a profile) or
  /// answered to a command.
  std::vector<std::uint32_t> versions;
};

class acknowledgements {
public:
  /// An upload answered 201 with image `id`.
  void add_image(const std::string& id, const std::string& original,
                 std::vector<std::uint32_t> versions = {});
  /// A command on image `id` answered with version `number`. The image
  /// need not be known here (it may have been made before the load).
  void add_version(const std::string& id, std::uint32_t number);

  /// Uploads and versions acknowledged so far.
  std::size_t count() const;
  /// A copy of everything acknowledged, by image id.
  std::map<std::string, acknowledged_image> images() const;

private:
  mutable std::mutex mutex_;
  std::map<std::string, acknowledged_image> images_;
  std::size_t count_ = 0;
};

} // namespace reliability
