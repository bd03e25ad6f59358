#include <boost/test/unit_test.hpp>

#include "http/routes/byte_range.hpp"

namespace {

using http_api::range_selection;
using http_api::select_range;
using kind = range_selection::kind;

} // namespace

BOOST_AUTO_TEST_SUITE(byte_range_tests)

BOOST_AUTO_TEST_CASE(one_range_of_each_form) {
  auto first_last = select_range("bytes=2-5", 10);
  BOOST_TEST((first_last.answer == kind::partial));
  BOOST_TEST(first_last.first == 2u);
  BOOST_TEST(first_last.last == 5u);
  auto open_ended = select_range("bytes=7-", 10);
  BOOST_TEST(open_ended.first == 7u);
  BOOST_TEST(open_ended.last == 9u);
  auto suffix = select_range("bytes=-3", 10);
  BOOST_TEST(suffix.first == 7u);
  BOOST_TEST(suffix.last == 9u);
  auto long_suffix = select_range("bytes=-30", 10);
  BOOST_TEST(long_suffix.first == 0u);
  BOOST_TEST(select_range("bytes=0-99", 10).last == 9u);
}

BOOST_AUTO_TEST_CASE(ranges_outside_the_content_are_unsatisfiable) {
  BOOST_TEST((select_range("bytes=10-", 10).answer == kind::unsatisfiable));
  BOOST_TEST((select_range("bytes=-0", 10).answer == kind::unsatisfiable));
  BOOST_TEST((select_range("bytes=0-0", 0).answer == kind::unsatisfiable));
  BOOST_TEST((select_range("bytes=-5", 0).answer == kind::unsatisfiable));
}

BOOST_AUTO_TEST_CASE(what_we_do_not_serve_is_ignored) {
  for (const char* ignored : {"", "bytes", "bytes=", "items=1-2", "bytes=1-2,4-5", "bytes=5-2",
                              "bytes=a-b", "bytes=1", "bytes=99999999999999999999-"})
    BOOST_TEST((select_range(ignored, 10).answer == kind::whole), ignored);
}

BOOST_AUTO_TEST_SUITE_END()
