#pragma once

// What operations may know about the image they edit beyond its pixels:
// the values of annotate's placeholders (text_template.hpp).

#include <cstdint>
#include <string>
#include <vector>

#include "actors/model/labels.hpp"

namespace imaging::operations {

/// The encoded original of another image that an operation draws
/// (watermark).
struct overlay_source {
  std::string image_id; // canonical (upper case)
  std::string bytes;
};

struct operation_context {
  std::string image_id;        // {id}; see model/image_id.hpp
  std::int64_t created_ms = 0; // {created}: the upload time; 0 when unknown
  model::label_set labels;     // {label:KEY}
  std::vector<overlay_source> overlays;
};

} // namespace imaging::operations
