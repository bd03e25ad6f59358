#include <boost/test/unit_test.hpp>

#include "actors/model/clock.hpp"

BOOST_AUTO_TEST_CASE(rfc3339_is_utc_with_milliseconds) {
  BOOST_TEST(model::format_rfc3339(0) == "1970-01-01T00:00:00.000Z");
  BOOST_TEST(model::format_rfc3339(1'795'582'544'123) == "2026-11-25T04:55:44.123Z");
}
