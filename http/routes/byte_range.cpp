#include "http/routes/byte_range.hpp"

#include <optional>

#include "http/ascii.hpp"

namespace http_api {

namespace {

std::optional<std::uint64_t> decimal(std::string_view digits) noexcept {
  if (digits.empty() || digits.size() > 19)
    return std::nullopt;
  std::uint64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9')
      return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

} // namespace

range_selection select_range(std::string_view range, std::uint64_t length) noexcept {
  const range_selection whole;
  range = trim_spaces(range);
  constexpr std::string_view unit = "bytes=";
  if (range.size() <= unit.size() || !equals_ignoring_case(range.substr(0, unit.size()), unit))
    return whole;
  auto spec = trim_spaces(range.substr(unit.size()));
  auto dash = spec.find('-');
  if (spec.find(',') != std::string_view::npos || dash == std::string_view::npos)
    return whole;
  auto first_text = trim_spaces(spec.substr(0, dash));
  auto last_text = trim_spaces(spec.substr(dash + 1));
  range_selection selected;
  selected.answer = range_selection::kind::partial;
  if (first_text.empty()) {
    auto suffix = decimal(last_text);
    if (!suffix)
      return whole;
    if (*suffix == 0 || length == 0)
      return {range_selection::kind::unsatisfiable, 0, 0};
    selected.first = *suffix >= length ? 0 : length - *suffix;
    selected.last = length - 1;
    return selected;
  }
  auto first = decimal(first_text);
  auto last = last_text.empty() ? std::optional<std::uint64_t>(UINT64_MAX) : decimal(last_text);
  if (!first || !last || *last < *first)
    return whole;
  if (*first >= length)
    return {range_selection::kind::unsatisfiable, 0, 0};
  selected.first = *first;
  selected.last = *last >= length ? length - 1 : *last;
  return selected;
}

} // namespace http_api
