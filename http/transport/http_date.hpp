#pragma once

// The Date field of answers (RFC 9110 section 5.6.7): IMF-fixdate, e.g.
// "Sun, 06 Nov 1994 08:49:37 GMT".

#include <chrono>
#include <string>

namespace http_api {

/// `time` in IMF-fixdate, to the second.
std::string imf_fixdate(std::chrono::system_clock::time_point time);

/// The current time in IMF-fixdate, formatted at most once a second per
/// thread. Thread-safe.
const std::string& current_http_date();

} // namespace http_api
