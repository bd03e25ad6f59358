#include "http/transport/http_date.hpp"

#include <cstdio>
#include <ctime>

namespace http_api {

std::string imf_fixdate(std::chrono::system_clock::time_point time) {
  static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::snprintf(text, sizeof(text), "%s, %02d %s %04d %02d:%02d:%02d GMT", days[utc.tm_wday],
                utc.tm_mday, months[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                utc.tm_sec);
  return text;
}

const std::string& current_http_date() {
  thread_local std::time_t formatted_second = -1;
  thread_local std::string formatted;
  auto now = std::chrono::system_clock::now();
  auto second = std::chrono::system_clock::to_time_t(now);
  if (second != formatted_second) {
    formatted = imf_fixdate(now);
    formatted_second = second;
  }
  return formatted;
}

} // namespace http_api
