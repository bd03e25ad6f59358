#include <boost/test/unit_test.hpp>

#include "tests/unit/storage/store_fixture.hpp"

using namespace storage_test;
using model::error_code;
using model::version_status;

namespace {

// A store holding `count` images, the i-th with i versions (i from 0).
struct listing_fixture {
  temp_directory directory;
  std::unique_ptr<storage::image_store> store = open_store(directory.store_path());
  std::vector<std::string> oldest_first;

  void add_images(std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      auto image = sample_image(next_id(), 1);
      for (std::uint32_t number = 1; number <= i; ++number)
        image.versions.push_back(sample_version(number, version_status::failed));
      BOOST_REQUIRE(create(*store, image, "x").ok());
      oldest_first.push_back(image.id);
    }
  }

  model::image_page page(std::size_t limit, const std::string& before) {
    auto result = store->list_images(newest_images(limit, before));
    BOOST_REQUIRE(result.ok());
    return std::move(*result);
  }

  static std::vector<std::string> ids_of(const model::image_page& page) {
    std::vector<std::string> ids;
    for (const auto& image : page.images)
      ids.push_back(image.id);
    return ids;
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(listing, listing_fixture)

BOOST_AUTO_TEST_CASE(empty_store_lists_nothing) {
  auto first = page(10, "");
  BOOST_TEST(first.images.empty());
  BOOST_TEST(first.next.empty());
}

BOOST_AUTO_TEST_CASE(pages_run_newest_first_and_the_cursor_visits_every_image_once) {
  add_images(7);
  std::vector<std::string> seen;
  std::string cursor;
  std::vector<std::size_t> sizes;
  do {
    auto current = page(3, cursor);
    sizes.push_back(current.images.size());
    for (const auto& id : ids_of(current))
      seen.push_back(id);
    if (!current.next.empty())
      BOOST_TEST(current.next == current.images.back().id);
    cursor = current.next;
  } while (!cursor.empty());
  BOOST_TEST(sizes == (std::vector<std::size_t>{3, 3, 1}));
  BOOST_TEST(seen == std::vector<std::string>(oldest_first.rbegin(), oldest_first.rend()));
}

BOOST_AUTO_TEST_CASE(a_page_that_ends_the_listing_has_no_cursor) {
  add_images(3);
  auto all = page(3, "");
  BOOST_TEST(all.images.size() == 3u);
  BOOST_TEST(all.next.empty());
  BOOST_TEST(page(5, "").next.empty());
}

BOOST_AUTO_TEST_CASE(listed_images_carry_their_versions) {
  add_images(3);
  auto listed = page(10, "");
  BOOST_REQUIRE(listed.images.size() == 3u);
  BOOST_TEST(listed.images[0].versions.size() == 2u); // newest: two versions
  BOOST_TEST(listed.images[0].versions[1].number == 2u);
  BOOST_TEST(listed.images[2].versions.empty());
}

BOOST_AUTO_TEST_CASE(unknown_cursor_continues_after_its_position) {
  auto old_id = next_id();
  add_images(2);
  auto middle_id = next_id();
  add_images(2);
  auto new_id = next_id();

  BOOST_TEST(ids_of(page(10, middle_id)) ==
             (std::vector<std::string>{oldest_first[1], oldest_first[0]}));
  BOOST_TEST(ids_of(page(10, new_id)).size() == 4u);
  auto past_the_end = page(10, old_id);
  BOOST_TEST(past_the_end.images.empty());
  BOOST_TEST(past_the_end.next.empty());
}

BOOST_AUTO_TEST_CASE(zero_limit_and_malformed_cursor_are_refused) {
  check_problem(store->list_images(newest_images(0)), error_code::invalid_request, "limit");
  check_problem(store->list_images(newest_images(10, "not-an-id")), error_code::invalid_id);
}

BOOST_AUTO_TEST_CASE(unfinished_images_come_oldest_first_once_each) {
  std::vector<std::string> ids;
  for (auto statuses :
       std::vector<std::vector<version_status>>{{version_status::queued, version_status::running},
                                                {version_status::failed},
                                                {version_status::running}}) {
    auto image = sample_image(next_id(), 1);
    std::uint32_t number = 0;
    for (auto status : statuses)
      image.versions.push_back(sample_version(++number, status));
    BOOST_REQUIRE(create(*store, image, "x").ok());
    ids.push_back(image.id);
  }
  BOOST_TEST(*store->images_with_unfinished_versions() ==
             (std::vector<std::string>{ids[0], ids[2]}));

  BOOST_REQUIRE(store->put_version(ids[0], sample_version(1, version_status::failed)).ok());
  BOOST_TEST(*store->images_with_unfinished_versions() ==
             (std::vector<std::string>{ids[0], ids[2]}));
  BOOST_REQUIRE(store->put_version(ids[0], sample_version(2, version_status::failed)).ok());
  BOOST_TEST(*store->images_with_unfinished_versions() == std::vector<std::string>{ids[2]});
}

BOOST_AUTO_TEST_SUITE_END()
