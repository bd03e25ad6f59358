#define BOOST_TEST_MODULE model
#include <boost/test/unit_test.hpp>

#include <set>

#include "actors/model/image_id.hpp"

BOOST_AUTO_TEST_CASE(ids_are_valid_and_strictly_increasing_within_a_millisecond) {
  model::image_id_generator ids;
  std::string previous;
  for (int i = 0; i < 1000; ++i) {
    auto id = ids.next(1'700'000'000'000);
    BOOST_TEST(model::is_valid_image_id(id));
    BOOST_TEST(id > previous);
    previous = id;
  }
}

BOOST_AUTO_TEST_CASE(ids_sort_by_time_even_after_a_clock_step_back) {
  model::image_id_generator ids;
  auto first = ids.next(1'700'000'000'500);
  auto second = ids.next(1'700'000'000'100);
  auto third = ids.next(1'700'000'001'000);
  BOOST_TEST(first < second);
  BOOST_TEST(second < third);
}

BOOST_AUTO_TEST_CASE(time_prefix_encodes_milliseconds) {
  model::image_id_generator ids;
  // 0 ms encodes as ten zero digits.
  BOOST_TEST(ids.next(0).substr(0, 10) == "0000000000");
}

BOOST_AUTO_TEST_CASE(malformed_ids_are_rejected) {
  BOOST_TEST(!model::is_valid_image_id(""));
  BOOST_TEST(!model::is_valid_image_id("01ARZ3NDEKTSV4RRFFQ69G5FA"));   // 25
  BOOST_TEST(!model::is_valid_image_id("01ARZ3NDEKTSV4RRFFQ69G5FAVX")); // 27
  BOOST_TEST(!model::is_valid_image_id("01arz3ndektsv4rrffq69g5fav"));  // lower case
  BOOST_TEST(!model::is_valid_image_id("01ARZ3NDEKTSV4RRFFQ69G5FAI"));  // I is not Crockford
  BOOST_TEST(!model::is_valid_image_id("81ARZ3NDEKTSV4RRFFQ69G5FAV"));  // overflows 128 bits
  BOOST_TEST(!model::is_valid_image_id("../../etc/passwd0000000000"));
  BOOST_TEST(model::is_valid_image_id("01ARZ3NDEKTSV4RRFFQ69G5FAV"));
}

BOOST_AUTO_TEST_CASE(the_first_id_of_a_millisecond_bounds_the_ids_made_then) {
  model::image_id_generator ids;
  const std::int64_t ms = 1'795'582'544'123;
  auto floor = model::first_image_id_at(ms);
  BOOST_TEST(model::is_valid_image_id(floor));
  BOOST_TEST(floor.substr(10) == std::string(16, '0'));
  auto made = ids.next(ms);
  BOOST_TEST(made.substr(0, 10) == floor.substr(0, 10));
  BOOST_TEST(floor <= made);
  BOOST_TEST(made < model::first_image_id_at(ms + 1));
  // Out of range: clamped to what an id holds.
  BOOST_TEST(model::first_image_id_at(-5) == std::string(26, '0'));
  BOOST_TEST(model::is_valid_image_id(model::first_image_id_at(INT64_MAX)));
}
