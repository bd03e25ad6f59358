#pragma once

#include <cstdint>
#include <string>

namespace model {

/// Milliseconds since the Unix epoch, from the system clock.
std::int64_t now_ms();

/// Formats `epoch_ms` as RFC 3339 in UTC with millisecond precision,
/// e.g. "2026-11-28T04:55:44.123Z".
std::string format_rfc3339(std::int64_t epoch_ms);

} // namespace model
