#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

#include "storage/key_layout.hpp"
#include "tests/unit/storage/raw_database.hpp"
#include "tests/unit/storage/store_fixture.hpp"

using namespace storage_test;
using model::error_code;
using model::version_status;

namespace {

// Every key of image `id` in every family.
std::vector<std::string> raw_keys_of(const std::string& path, const std::string& id) {
  std::vector<std::string> found;
  with_raw_database(path, [&](rocksdb::DB& db, auto& families) {
    for (auto* handle : families) {
      std::unique_ptr<rocksdb::Iterator> it(db.NewIterator({}, handle));
      for (it->SeekToFirst(); it->Valid(); it->Next())
        if (storage::keys::id_of(it->key().ToStringView()) == id)
          found.push_back(handle->GetName() + ":" + it->key().ToString());
    }
  });
  return found;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(image_store, store_fixture)

BOOST_AUTO_TEST_CASE(created_image_loads_with_every_field_and_initial_versions) {
  auto original = test_bytes(5000, 1);
  auto image = sample_image(next_id(), original.size());
  image.versions = {sample_version(1, version_status::queued),
                    sample_version(2, version_status::failed)};
  BOOST_REQUIRE(store->create_image(image, original).ok());

  auto loaded = store->load_image(image.id);
  BOOST_REQUIRE(loaded.ok());
  check_same_image(*loaded, image);
  BOOST_TEST(*store->read_original(image.id) == original);
  BOOST_TEST(unfinished() == std::vector<std::string>{image.id});
}

BOOST_AUTO_TEST_CASE(creating_an_existing_image_conflicts_and_keeps_the_first) {
  auto image = sample_image(next_id(), 3);
  BOOST_REQUIRE(store->create_image(image, "abc").ok());
  check_problem(store->create_image(image, "abc"), error_code::conflict, "already exists");
  BOOST_TEST(*store->read_original(image.id) == "abc");
  BOOST_TEST(store->usage()->images == 1u);
}

BOOST_AUTO_TEST_CASE(version_moves_through_queued_running_done) {
  auto image = sample_image(next_id(), 3);
  BOOST_REQUIRE(store->create_image(image, "abc").ok());

  BOOST_REQUIRE(store->put_version(image.id, sample_version(1, version_status::queued)).ok());
  BOOST_TEST(unfinished() == std::vector<std::string>{image.id});
  check_problem(store->read_version(image.id, 1), error_code::not_found, "no bytes for version 1");

  BOOST_REQUIRE(store->put_version(image.id, sample_version(1, version_status::running)).ok());
  BOOST_TEST(unfinished() == std::vector<std::string>{image.id});

  auto bytes = test_bytes(7000, 2);
  auto done = sample_version(1, version_status::done, bytes.size());
  BOOST_REQUIRE(store->finish_version(image.id, done, bytes).ok());
  BOOST_TEST(unfinished().empty());
  BOOST_TEST(*store->read_version(image.id, 1) == bytes);
  check_same_version(store->load_image(image.id)->versions.at(0), done);
}

BOOST_AUTO_TEST_CASE(failed_version_leaves_the_unfinished_set_and_can_be_retried) {
  auto image = sample_image(next_id(), 3);
  image.versions = {sample_version(1, version_status::running)};
  BOOST_REQUIRE(store->create_image(image, "abc").ok());

  BOOST_REQUIRE(store->put_version(image.id, sample_version(1, version_status::failed)).ok());
  BOOST_TEST(unfinished().empty());
  BOOST_REQUIRE(store->put_version(image.id, sample_version(1, version_status::queued)).ok());
  BOOST_TEST(unfinished() == std::vector<std::string>{image.id});
}

BOOST_AUTO_TEST_CASE(done_version_is_final) {
  auto image = sample_image(next_id(), 3);
  BOOST_REQUIRE(store->create_image(image, "abc").ok());
  BOOST_REQUIRE(
      store->finish_version(image.id, sample_version(1, version_status::done, 2), "xy").ok());

  check_problem(store->put_version(image.id, sample_version(1, version_status::queued)),
                error_code::conflict, "version 1 of image " + image.id + " is done");
  check_problem(store->finish_version(image.id, sample_version(1, version_status::done, 2), "zz"),
                error_code::conflict);
  BOOST_TEST(*store->read_version(image.id, 1) == "xy");
  BOOST_TEST(store->usage()->live_bytes == 5u);
}

BOOST_AUTO_TEST_CASE(writes_that_break_the_contract_are_refused) {
  auto image = sample_image(next_id(), 4);
  check_problem(store->create_image(image, "abc"), error_code::internal_error,
                "records 4 bytes but its original has 3");
  image.bytes = 3;
  image.versions = {sample_version(1, version_status::done, 1)};
  check_problem(store->create_image(image, "abc"), error_code::internal_error, "finish_version");
  image.versions = {sample_version(1, version_status::queued),
                    sample_version(1, version_status::queued)};
  check_problem(store->create_image(image, "abc"), error_code::internal_error, "given twice");
  image.versions.clear();
  BOOST_REQUIRE(store->create_image(image, "abc").ok());

  check_problem(store->put_version(image.id, sample_version(1, version_status::done, 1)),
                error_code::internal_error, "finish_version");
  check_problem(store->finish_version(image.id, sample_version(1, version_status::running), ""),
                error_code::internal_error, "is running");
  check_problem(store->finish_version(image.id, sample_version(1, version_status::done, 5), "abc"),
                error_code::internal_error, "records 5 bytes but 3 were given");
  BOOST_TEST(store->load_image(image.id)->versions.empty());
}

BOOST_AUTO_TEST_CASE(malformed_ids_and_version_numbers_are_refused) {
  const std::string bad = "../../etc/passwd";
  check_problem(store->create_image(sample_image(bad, 1), "x"), error_code::invalid_id);
  check_problem(store->load_image(bad), error_code::invalid_id);
  check_problem(store->put_version(bad, sample_version(1, version_status::queued)),
                error_code::invalid_id);
  check_problem(store->read_original(bad), error_code::invalid_id);
  check_problem(store->read_version(bad, 1), error_code::invalid_id);
  check_problem(store->delete_image(bad), error_code::invalid_id);
  check_problem(store->list_images(10, bad), error_code::invalid_id);

  auto image = sample_image(next_id(), 1);
  image.versions = {sample_version(0, version_status::queued)};
  check_problem(store->create_image(image, "x"), error_code::invalid_id, "start at 1");
  check_problem(store->read_version(image.id, 0), error_code::invalid_id);
}

BOOST_AUTO_TEST_CASE(unknown_images_are_not_found) {
  auto id = next_id();
  check_problem(store->load_image(id), error_code::not_found, "no image " + id);
  check_problem(store->read_original(id), error_code::not_found);
  check_problem(store->read_version(id, 1), error_code::not_found);
  check_problem(store->delete_image(id), error_code::not_found);
  check_problem(store->put_version(id, sample_version(1, version_status::queued)),
                error_code::not_found);
  check_problem(store->finish_version(id, sample_version(1, version_status::done, 1), "x"),
                error_code::not_found);
}

BOOST_AUTO_TEST_CASE(delete_removes_every_key_of_the_image_and_only_those) {
  auto kept = sample_image(next_id(), 4);
  BOOST_REQUIRE(store->create_image(kept, "keep").ok());
  auto image = sample_image(next_id(), 3);
  image.versions = {sample_version(1, version_status::queued),
                    sample_version(2, version_status::failed)};
  BOOST_REQUIRE(store->create_image(image, "abc").ok());
  BOOST_REQUIRE(
      store->finish_version(image.id, sample_version(3, version_status::done, 2), "xy").ok());

  BOOST_REQUIRE(store->delete_image(image.id).ok());
  check_problem(store->load_image(image.id), error_code::not_found);
  check_problem(store->read_original(image.id), error_code::not_found);
  check_problem(store->read_version(image.id, 3), error_code::not_found);
  check_problem(store->delete_image(image.id), error_code::not_found);
  BOOST_TEST(unfinished().empty());
  BOOST_TEST(store->load_image(kept.id).ok());

  store.reset();
  BOOST_TEST(raw_keys_of(directory.store_path(), image.id).empty());
  BOOST_TEST(raw_keys_of(directory.store_path(), kept.id).size() == 2u);
}

BOOST_AUTO_TEST_CASE(usage_counts_images_and_live_bytes) {
  BOOST_TEST(store->usage()->images == 0u);
  auto first = sample_image(next_id(), 1000);
  auto second = sample_image(next_id(), 2000);
  BOOST_REQUIRE(store->create_image(first, test_bytes(1000, 3)).ok());
  BOOST_REQUIRE(store->create_image(second, test_bytes(2000, 4)).ok());
  BOOST_REQUIRE(store
                    ->finish_version(first.id, sample_version(1, version_status::done, 500),
                                     test_bytes(500, 5))
                    .ok());
  auto usage = store->usage();
  BOOST_REQUIRE(usage.ok());
  BOOST_TEST(usage->images == 2u);
  BOOST_TEST(usage->live_bytes == 3500u);

  BOOST_REQUIRE(store->delete_image(first.id).ok());
  BOOST_REQUIRE(store->flush().ok());
  usage = store->usage();
  BOOST_TEST(usage->images == 1u);
  BOOST_TEST(usage->live_bytes == 2000u);
  BOOST_TEST(usage->disk_bytes > 2000u);
}

BOOST_AUTO_TEST_CASE(concurrent_writers_keep_usage_exact) {
  constexpr std::size_t writers = 4;
  constexpr std::size_t images_each = 25;
  std::vector<std::vector<std::string>> ids(writers);
  for (auto& list : ids)
    for (std::size_t i = 0; i < images_each; ++i)
      list.push_back(next_id());
  std::atomic<std::size_t> failures{0};
  std::vector<std::thread> threads;
  for (const auto& list : ids)
    threads.emplace_back([&] {
      for (const auto& id : list)
        if (!store->create_image(sample_image(id, 10), "0123456789").ok() ||
            !store->finish_version(id, sample_version(1, version_status::done, 3), "abc").ok())
          ++failures;
    });
  for (auto& thread : threads)
    thread.join();

  BOOST_TEST(failures.load() == 0u);
  auto usage = store->usage();
  BOOST_TEST(usage->images == writers * images_each);
  BOOST_TEST(usage->live_bytes == writers * images_each * 13);
  BOOST_TEST(store->list_images(1000, "")->images.size() == writers * images_each);
}

BOOST_AUTO_TEST_CASE(everything_persists_across_reopen) {
  auto original = test_bytes(20'000, 6);
  auto image = sample_image(next_id(), original.size());
  image.versions = {sample_version(1, version_status::queued)};
  BOOST_REQUIRE(store->create_image(image, original).ok());
  auto bytes = test_bytes(9000, 7);
  auto done = sample_version(2, version_status::done, bytes.size());
  BOOST_REQUIRE(store->finish_version(image.id, done, bytes).ok());
  image.versions.push_back(done);

  reopen();
  check_same_image(*store->load_image(image.id), image);
  BOOST_TEST(*store->read_original(image.id) == original);
  BOOST_TEST(*store->read_version(image.id, 2) == bytes);
  BOOST_TEST(unfinished() == std::vector<std::string>{image.id});
  BOOST_TEST(store->usage()->images == 1u);
  BOOST_TEST(store->usage()->live_bytes == original.size() + bytes.size());
}

BOOST_AUTO_TEST_CASE(large_blobs_round_trip_byte_identical) {
  std::vector<std::pair<std::string, std::string>> stored; // id, bytes
  std::uint32_t seed = 10;
  for (std::size_t size : {1u << 20, 5u << 20, 10u << 20}) {
    auto original = test_bytes(size, seed++);
    auto image = sample_image(next_id(), original.size());
    BOOST_REQUIRE(store->create_image(image, original).ok());
    auto bytes = test_bytes(size - 1, seed++);
    BOOST_REQUIRE(
        store
            ->finish_version(image.id, sample_version(1, version_status::done, bytes.size()), bytes)
            .ok());
    BOOST_TEST((*store->read_original(image.id) == original));
    stored.emplace_back(image.id, bytes);
  }
  // After a flush the bytes are read back from blob files, not memtables.
  BOOST_REQUIRE(store->flush().ok());
  reopen();
  for (const auto& [id, bytes] : stored)
    BOOST_TEST((*store->read_version(id, 1) == bytes));
}

BOOST_AUTO_TEST_CASE(store_of_a_later_schema_version_is_refused) {
  store.reset();
  with_raw_database(directory.store_path(), [](rocksdb::DB& db, auto&) {
    BOOST_REQUIRE(db.Put({}, std::string(storage::keys::schema_version_key), "3").ok());
  });
  storage::store_options options;
  options.path = directory.store_path();
  check_problem(storage::image_store::open(options), error_code::unavailable,
                "store has schema version 3; this build reads versions 1 to 2");
}

// A store written before schema 2 opens, and is marked as schema 2 from then
// on (its records are read as they are, see record_codec_test).
BOOST_AUTO_TEST_CASE(store_of_an_earlier_schema_version_opens_and_is_marked) {
  store.reset();
  with_raw_database(directory.store_path(), [](rocksdb::DB& db, auto&) {
    BOOST_REQUIRE(db.Put({}, std::string(storage::keys::schema_version_key), "1").ok());
  });
  storage::store_options options;
  options.path = directory.store_path();
  BOOST_REQUIRE(storage::image_store::open(options).ok());
  with_raw_database(directory.store_path(), [](rocksdb::DB& db, auto&) {
    std::string marker;
    BOOST_REQUIRE(db.Get({}, std::string(storage::keys::schema_version_key), &marker).ok());
    BOOST_TEST(marker == "2");
  });
}

BOOST_AUTO_TEST_SUITE_END()
