#pragma once

// What names and checks one blob of the byte store (storage/byte_store.hpp):
// records point to blobs with it, and jobs name their input with it for
// workers on the store's machine.

#include <cstdint>
#include <string>

namespace model {

struct blob_ref {
  std::string sha256; // lowercase hex: the blob's name
  std::uint64_t size = 0;
  std::uint64_t xxh3 = 0; // XXH3-64 of the bytes, checked on every read
};

} // namespace model
