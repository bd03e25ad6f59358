#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>

#include "tests/unit/storage/store_fixture.hpp"

using namespace storage_test;
using model::error_code;
using model::version_status;

namespace {

constexpr std::size_t image_bytes = 200 << 10;

struct retention_fixture : store_fixture {
  // Each image's own bytes: identical ones would be stored once.
  std::map<std::string, std::string> payloads;
  unsigned next_seed = 30;

  // Small memtables make small blob files: the tests see many of them.
  void reopen_with_small_write_buffer() {
    store.reset();
    storage::store_options options;
    options.path = directory.store_path();
    options.write_buffer_bytes = 1 << 20;
    store = open_store(options);
  }

  std::string add_image() {
    auto bytes = test_bytes(image_bytes, next_seed++);
    auto image = sample_image(next_id(), bytes.size());
    BOOST_REQUIRE(create(*store, image, bytes).ok());
    payloads[image.id] = std::move(bytes);
    return image.id;
  }

  storage::store_usage usage() {
    auto totals = store->usage();
    BOOST_REQUIRE(totals.ok());
    return *totals;
  }

  std::vector<storage::image_footprint> oldest(std::size_t limit) {
    auto images = store->oldest_images(limit);
    BOOST_REQUIRE(images.ok());
    return *images;
  }

  // Deletes the `count` oldest images; returns the bytes they held.
  std::uint64_t delete_oldest(std::size_t count) {
    std::uint64_t freed = 0;
    for (const auto& image : oldest(count)) {
      BOOST_REQUIRE(store->delete_image(image.id).ok());
      freed += image.stored_bytes;
    }
    return freed;
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(retention, retention_fixture)

BOOST_AUTO_TEST_CASE(oldest_images_come_first_with_the_bytes_they_hold) {
  auto first = sample_image(next_id(), 3);
  first.created_ms = 1'000;
  first.versions = {sample_version(1, version_status::queued)};
  BOOST_REQUIRE(create(*store, first, "abc").ok());
  BOOST_REQUIRE(
      finish(*store, first.id, sample_version(2, version_status::done, 5), "12345").ok());
  BOOST_REQUIRE(
      finish(*store, first.id, sample_version(3, version_status::done, 2), "12").ok());
  auto second = add_image();
  auto third = add_image();

  auto listed = oldest(2);
  BOOST_REQUIRE_EQUAL(listed.size(), 2u);
  BOOST_TEST(listed[0].id == first.id);
  BOOST_TEST(listed[0].created_ms == 1'000);
  BOOST_TEST(listed[0].stored_bytes == 3u + 5u + 2u); // the queued version holds nothing yet
  BOOST_TEST(listed[1].id == second);
  BOOST_TEST(listed[1].stored_bytes == image_bytes);
  BOOST_TEST(oldest(10).size() == 3u);

  BOOST_REQUIRE(store->delete_image(first.id).ok());
  BOOST_TEST(oldest(1).at(0).id == second);
  BOOST_REQUIRE(store->delete_image(second).ok());
  BOOST_REQUIRE(store->delete_image(third).ok());
  BOOST_TEST(oldest(10).empty());
  check_problem(store->oldest_images(0), error_code::invalid_request, "limit");
}

// Deletes only mark data deleted; reclaim_space() has to free it. Measured:
// 61.5 MB on disk before, 12.9 MB after, for 10.2 MB of live bytes (the
// newest blob file, about a fifth garbage, is not worth rewriting).
BOOST_AUTO_TEST_CASE(reclaim_gives_the_space_of_deleted_images_back_to_the_disk) {
  for (int i = 0; i < 300; ++i)
    add_image();
  BOOST_REQUIRE(store->flush().ok());
  auto before = usage().disk_bytes;
  BOOST_TEST(before >= 300 * image_bytes);

  BOOST_TEST(delete_oldest(250) == 250 * image_bytes);
  BOOST_REQUIRE(store->reclaim_space().ok());
  auto after = usage();
  BOOST_TEST(after.live_bytes == 50 * image_bytes);
  BOOST_TEST(after.disk_bytes >= after.live_bytes);
  BOOST_TEST(after.disk_bytes < before / 3, after.disk_bytes << " of " << before << " bytes left");

  reopen();
  auto kept = oldest(100);
  BOOST_REQUIRE_EQUAL(kept.size(), 50u);
  for (const auto& image : kept)
    BOOST_TEST((*store->read_original(image.id) == payloads.at(image.id)));
  BOOST_TEST(usage().disk_bytes < before / 3);
}

// Deleting every other image leaves every blob file half garbage: one call
// rewrites the live half, with many small blob files as with a single one.
// Measured: 13.1 MB on disk for 6.6 MB live before, 6.6 MB after.
BOOST_AUTO_TEST_CASE(scattered_deletes_are_reclaimed_by_one_call) {
  for (std::uint64_t write_buffer : {1ull << 20, 16ull << 20}) {
    temp_directory fresh;
    storage::store_options options;
    options.path = fresh.store_path();
    options.write_buffer_bytes = write_buffer;
    store = open_store(options);
    std::vector<std::string> ids;
    for (int i = 0; i < 64; ++i)
      ids.push_back(add_image());
    BOOST_REQUIRE(store->flush().ok());
    for (std::size_t i = 0; i < ids.size(); i += 2)
      BOOST_REQUIRE(store->delete_image(ids[i]).ok());

    BOOST_REQUIRE(store->reclaim_space().ok());
    auto after = usage();
    BOOST_TEST(after.live_bytes == 32 * image_bytes);
    BOOST_TEST(after.disk_bytes <= after.live_bytes + after.live_bytes / 20,
               after.disk_bytes << " bytes on disk with a write buffer of " << write_buffer);
    for (std::size_t i = 1; i < ids.size(); i += 2)
      BOOST_TEST((*store->read_original(ids[i]) == payloads.at(ids[i])));
    store.reset();
  }
}

// An upload stream 10x the budget, with the oldest images deleted beyond the
// budget and reclaim_space() called after every half budget of deletes. The
// disk then holds the live bytes (<= budget), the deleted bytes not yet
// reclaimed (< budget / 2) and, in the one blob file shared by deleted and
// live images, less than a quarter of garbage: at most about 1.5x the
// budget, asserted with a margin as 2x. Measured peak: 1.27x. Without
// reclaim_space(): 2.2x here, 3.4x with the default write buffer (16 MiB)
// and a 32 MiB budget (1.03x with reclaim_space(), as memtables are not
// counted). disk_bytes leaves out the WAL, bounded by 4 write buffers.
BOOST_AUTO_TEST_CASE(disk_use_stays_bounded_under_an_upload_stream) {
  constexpr std::uint64_t budget = 4 << 20;
  constexpr double bound_factor = 2.0;
  reopen_with_small_write_buffer();

  std::uint64_t peak = 0;
  std::uint64_t unreclaimed = 0;
  for (int i = 0; i < 200; ++i) {
    add_image();
    while (usage().live_bytes > budget)
      unreclaimed += delete_oldest(1);
    if (unreclaimed >= budget / 2) {
      BOOST_REQUIRE(store->reclaim_space().ok());
      unreclaimed = 0;
    }
    peak = std::max(peak, usage().disk_bytes);
  }
  BOOST_TEST(usage().live_bytes <= budget);
  BOOST_TEST(peak < bound_factor * budget, "peak " << peak << " for a budget of " << budget);
}

BOOST_AUTO_TEST_SUITE_END()
