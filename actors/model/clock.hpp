#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace model {

/// Milliseconds since the Unix epoch, from the system clock.
std::int64_t now_ms();

/// Formats `epoch_ms` as RFC 3339 in UTC with millisecond precision,
/// e.g. "2026-11-28T04:55:44.123Z".
std::string format_rfc3339(std::int64_t epoch_ms);

/// The time `text` names, as RFC 3339 section 5.6 writes a date-time
/// ("2026-12-06T14:00:00Z", "2026-12-06t16:00:00.5+02:00"), in
/// milliseconds since the epoch; fractions below a millisecond are cut.
/// nullopt for anything else, including dates that do not exist
/// (2026-02-29) and fields out of range; a leap second (:60) is accepted as
/// RFC 3339 allows and counts as the second after :59.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

} // namespace model
