#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace shell {

/// Renders an inspector answer for people: each array of objects as a
/// table with aligned columns (numbers to the right), every other member as
/// a "name: value" line above the tables. An empty array reads
/// "(no NAME)". The text ends with a newline.
std::string table_view(const nlohmann::ordered_json& document);

} // namespace shell
