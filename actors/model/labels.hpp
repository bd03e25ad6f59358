#pragma once

// Labels a device gives an image when it uploads it ("line:3",
// "station:7", "part:A-1042"): what a QA line finds its images by.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "actors/model/problem.hpp"

namespace model {

/// Key -> value, one value per key.
using label_set = std::map<std::string, std::string>;

constexpr std::size_t max_labels = 16;
constexpr std::size_t max_label_key_bytes = 64;
constexpr std::size_t max_label_value_characters = 256;

/// Whether `key` is a label key: 1 to 64 of [a-z0-9_.-].
bool is_label_key(std::string_view key);

/// Adds the label `text` ("key:value", split at the first colon) to
/// `labels`. invalid_request, saying what is wrong: no colon; a key that is
/// not 1 to 64 of [a-z0-9_.-]; a value that is not 1 to 256 printable UTF-8
/// characters (no control characters); a key given twice; more than
/// max_labels labels.
status add_label(label_set& labels, std::string_view text);

} // namespace model
