#include "actors/model/clock.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace model {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string format_rfc3339(std::int64_t epoch_ms) {
  auto seconds = static_cast<std::time_t>(epoch_ms / 1000);
  auto millis = static_cast<int>(epoch_ms % 1000);
  if (millis < 0) {
    seconds -= 1;
    millis += 1000;
  }
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  // Room for any int in every field, so the compiler can prove no cut.
  char text[96];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
  return text;
}

namespace {

// Days from 1970-01-01 to the given date of the proleptic Gregorian
// calendar (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

unsigned days_in_month(unsigned year, unsigned month) {
  static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

// Reads exactly `width` digits at `at`, advancing it.
std::optional<unsigned> digits(std::string_view text, std::size_t& at, std::size_t width) {
  if (at + width > text.size())
    return std::nullopt;
  unsigned value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    char c = text[at + i];
    if (c < '0' || c > '9')
      return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  at += width;
  return value;
}

bool expect(std::string_view text, std::size_t& at, char wanted) {
  if (at >= text.size() || text[at] != wanted)
    return false;
  ++at;
  return true;
}

} // namespace

std::optional<std::int64_t> parse_rfc3339(std::string_view text) {
  std::size_t at = 0;
  auto year = digits(text, at, 4);
  if (!year || !expect(text, at, '-'))
    return std::nullopt;
  auto month = digits(text, at, 2);
  if (!month || *month < 1 || *month > 12 || !expect(text, at, '-'))
    return std::nullopt;
  auto day = digits(text, at, 2);
  if (!day || *day < 1 || *day > days_in_month(*year, *month))
    return std::nullopt;
  // RFC 3339 5.6: "T" and "Z" may be lower case.
  if (at >= text.size() || (text[at] != 'T' && text[at] != 't'))
    return std::nullopt;
  ++at;
  auto hour = digits(text, at, 2);
  if (!hour || *hour > 23 || !expect(text, at, ':'))
    return std::nullopt;
  auto minute = digits(text, at, 2);
  if (!minute || *minute > 59 || !expect(text, at, ':'))
    return std::nullopt;
  auto second = digits(text, at, 2);
  if (!second || *second > 60)
    return std::nullopt;
  std::int64_t millis = 0;
  if (at < text.size() && text[at] == '.') {
    ++at;
    std::size_t fraction_digits = 0;
    for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, ++fraction_digits)
      if (fraction_digits < 3)
        millis = millis * 10 + (text[at] - '0');
    if (fraction_digits == 0)
      return std::nullopt;
    for (; fraction_digits < 3; ++fraction_digits)
      millis *= 10;
  }
  if (at >= text.size())
    return std::nullopt;
  std::int64_t offset_minutes = 0;
  if (text[at] == 'Z' || text[at] == 'z') {
    ++at;
  } else if (text[at] == '+' || text[at] == '-') {
    int sign = text[at] == '+' ? 1 : -1;
    ++at;
    auto offset_hour = digits(text, at, 2);
    if (!offset_hour || *offset_hour > 23 || !expect(text, at, ':'))
      return std::nullopt;
    auto offset_minute = digits(text, at, 2);
    if (!offset_minute || *offset_minute > 59)
      return std::nullopt;
    offset_minutes = sign * static_cast<std::int64_t>(*offset_hour * 60 + *offset_minute);
  } else {
    return std::nullopt;
  }
  if (at != text.size())
    return std::nullopt;
  std::int64_t seconds = days_from_civil(*year, *month, *day) * 86400 + *hour * 3600 +
                         *minute * 60 + *second - offset_minutes * 60;
  return seconds * 1000 + millis;
}

} // namespace model
