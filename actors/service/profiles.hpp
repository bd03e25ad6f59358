#pragma once

// Profiles are named commands kept as files in the text form, one file per
// profile: <dir>/<name>.ops (e.g. config/profiles/qa-normalize.ops).

#include <string>
#include <vector>

#include "actors/model/problem.hpp"
#include "actors/service/image_service.hpp"

namespace actors {

/// Loads every *.ops file of `directory`, sorted by name. A missing
/// directory yields no profiles; an unreadable or invalid file is an error
/// naming the file (invalid_operation / unavailable), so that a typo stops
/// the node at start instead of failing uploads later.
model::outcome<std::vector<profile>> load_profiles(const std::string& directory);

} // namespace actors
