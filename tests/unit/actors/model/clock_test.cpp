#include <boost/test/unit_test.hpp>

#include "actors/model/clock.hpp"

BOOST_AUTO_TEST_CASE(rfc3339_is_utc_with_milliseconds) {
  BOOST_TEST(model::format_rfc3339(0) == "1970-01-01T00:00:00.000Z");
  BOOST_TEST(model::format_rfc3339(1'795'582'544'123) == "2026-11-25T04:55:44.123Z");
}

namespace {

// The parsed time, or a value no test expects when there is none.
std::int64_t parse_rfc3339(const char* text) {
  return model::parse_rfc3339(text).value_or(INT64_MIN);
}

} // namespace

BOOST_AUTO_TEST_CASE(rfc3339_times_parse_in_every_form_the_grammar_allows) {
  BOOST_TEST(parse_rfc3339("1970-01-01T00:00:00Z") == 0);
  BOOST_TEST(parse_rfc3339("2026-11-25T04:55:44.123Z") == 1'795'582'544'123);
  // Lower-case T and Z, any number of fraction digits (cut to milliseconds).
  BOOST_TEST(parse_rfc3339("2026-11-25t04:55:44.1239999z") == 1'795'582'544'123);
  BOOST_TEST(parse_rfc3339("2026-11-25T04:55:44.5Z") == 1'795'582'544'500);
  // Offsets: the same instant.
  BOOST_TEST(parse_rfc3339("2026-11-25T06:55:44.123+02:00") == 1'795'582'544'123);
  BOOST_TEST(parse_rfc3339("2026-11-24T23:25:44.123-05:30") == 1'795'582'544'123);
  // A leap day and a leap second exist.
  BOOST_TEST(model::parse_rfc3339("2024-02-29T00:00:00Z").has_value());
  BOOST_TEST(parse_rfc3339("2016-12-31T23:59:60Z") == parse_rfc3339("2017-01-01T00:00:00Z"));
  BOOST_TEST(parse_rfc3339("1969-12-31T23:59:59Z") == -1000);
}

BOOST_AUTO_TEST_CASE(rfc3339_refuses_what_is_not_a_date_time) {
  for (const char* text :
       {"", "2026-11-25", "2026-11-25T04:55:44", "2026-11-25 04:55:44Z", "2026-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-25T24:00:00Z",
        "2026-11-25T04:60:00Z", "2026-11-25T04:55:61Z", "2026-11-25T04:55:44.Z",
        "2026-11-25T04:55:44+0200", "2026-11-25T04:55:44+24:00", "2026-11-25T04:55:44Zjunk",
        "26-11-25T04:55:44Z", "2026-1-25T04:55:44Z", "+2026-11-25T04:55:44Z", "1795582544123"})
    BOOST_TEST(!model::parse_rfc3339(text).has_value(), text);
}
