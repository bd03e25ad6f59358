#include <boost/test/unit_test.hpp>

#include "actors/housekeeping/reclaim_policy.hpp"

using actors::reclaim_policy;

namespace {

constexpr std::uint64_t mib = 1 << 20;

storage::store_usage usage_of(std::uint64_t live, std::uint64_t disk) {
  return {1, live, disk};
}

} // namespace

BOOST_AUTO_TEST_SUITE(reclaim_policy_rules)

BOOST_AUTO_TEST_CASE(a_pass_is_due_once_the_garbage_reaches_the_minimum) {
  reclaim_policy policy;
  BOOST_TEST(!policy.due(usage_of(10 * mib, 10 * mib)));
  BOOST_TEST(!policy.due(usage_of(10 * mib, 10 * mib + reclaim_policy::min_garbage_bytes - 1)));
  BOOST_TEST(policy.due(usage_of(10 * mib, 10 * mib + reclaim_policy::min_garbage_bytes)));
}

BOOST_AUTO_TEST_CASE(a_large_store_waits_for_a_quarter_of_its_live_bytes) {
  reclaim_policy policy;
  BOOST_TEST(!policy.due(usage_of(400 * mib, 499 * mib)));
  BOOST_TEST(policy.due(usage_of(400 * mib, 500 * mib)));
}

BOOST_AUTO_TEST_CASE(garbage_a_pass_left_does_not_trigger_the_next) {
  reclaim_policy policy;
  policy.reclaimed(usage_of(10 * mib, 50 * mib)); // 40 MiB could not go
  BOOST_TEST(!policy.due(usage_of(10 * mib, 50 * mib)));
  BOOST_TEST(!policy.due(usage_of(10 * mib, 81 * mib)));
  BOOST_TEST(policy.due(usage_of(10 * mib, 82 * mib)));
}

BOOST_AUTO_TEST_CASE(bytes_still_in_memory_are_not_garbage) {
  reclaim_policy policy;
  BOOST_TEST(!policy.due(usage_of(100 * mib, 0)));
}

BOOST_AUTO_TEST_SUITE_END()
