#pragma once

// What the service hands the registry for an upload, as the image tests
// make it.

#include <string>

#include "actors/model/records.hpp"

namespace test_support {

/// The record of a 3x2 PNG upload of `bytes`, made at a fixed time.
inline model::image_record upload_record(const std::string& bytes) {
  model::image_record record;
  record.format = "PNG";
  record.width = 3;
  record.height = 2;
  record.bytes = bytes.size();
  record.created_ms = 1'700'000'000'000;
  return record;
}

} // namespace test_support
