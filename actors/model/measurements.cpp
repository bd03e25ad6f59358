#include "actors/model/measurements.hpp"

#include <nlohmann/json.hpp>

namespace model {

namespace {

// The measurements as a JSON object; discarded (not an object) when
// `stats` is empty or damaged.
nlohmann::json parsed(std::string_view stats) noexcept {
  if (stats.empty())
    return nlohmann::json::value_t::discarded;
  return nlohmann::json::parse(stats, nullptr, false);
}

} // namespace

std::optional<double> measured_focus(std::string_view stats) noexcept {
  auto measured = parsed(stats);
  if (!measured.is_object())
    return std::nullopt;
  auto focus = measured.find("focus");
  if (focus == measured.end() || !focus->is_number())
    return std::nullopt;
  return focus->get<double>();
}

bool measured_before_operations(std::string_view stats) noexcept {
  auto measured = parsed(stats);
  if (!measured.is_object())
    return false;
  auto after = measured.find("after");
  return after != measured.end() && after->is_array() && after->empty();
}

} // namespace model
