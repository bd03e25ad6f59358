#include <boost/test/unit_test.hpp>

#include <atomic>
#include <filesystem>
#include <thread>

#include "actors/model/digest.hpp"
#include "storage/byte_store.hpp"
#include "storage/key_layout.hpp"
#include "storage/record_codec.hpp"
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
  BOOST_REQUIRE(create(*store, image, original).ok());

  auto loaded = store->load_image(image.id);
  BOOST_REQUIRE(loaded.ok());
  check_same_image(*loaded, image);
  BOOST_TEST(*store->read_original(image.id) == original);
  BOOST_TEST(unfinished() == std::vector<std::string>{image.id});
}

BOOST_AUTO_TEST_CASE(creating_an_existing_image_conflicts_and_keeps_the_first) {
  auto image = sample_image(next_id(), 3);
  BOOST_REQUIRE(create(*store, image, "abc").ok());
  check_problem(create(*store, image, "abc"), error_code::conflict, "already exists");
  BOOST_TEST(*store->read_original(image.id) == "abc");
  BOOST_TEST(store->usage()->images == 1u);
}

BOOST_AUTO_TEST_CASE(version_moves_through_queued_running_done) {
  auto image = sample_image(next_id(), 3);
  BOOST_REQUIRE(create(*store, image, "abc").ok());

  BOOST_REQUIRE(store->put_version(image.id, sample_version(1, version_status::queued)).ok());
  BOOST_TEST(unfinished() == std::vector<std::string>{image.id});
  check_problem(store->read_version(image.id, 1), error_code::not_found, "no bytes for version 1");

  BOOST_REQUIRE(store->put_version(image.id, sample_version(1, version_status::running)).ok());
  BOOST_TEST(unfinished() == std::vector<std::string>{image.id});

  auto bytes = test_bytes(7000, 2);
  auto done = sample_version(1, version_status::done, bytes.size());
  BOOST_REQUIRE(finish(*store, image.id, done, bytes).ok());
  BOOST_TEST(unfinished().empty());
  BOOST_TEST(*store->read_version(image.id, 1) == bytes);
  check_same_version(store->load_image(image.id)->versions.at(0), done);
}

BOOST_AUTO_TEST_CASE(failed_version_leaves_the_unfinished_set_and_can_be_retried) {
  auto image = sample_image(next_id(), 3);
  image.versions = {sample_version(1, version_status::running)};
  BOOST_REQUIRE(create(*store, image, "abc").ok());

  BOOST_REQUIRE(store->put_version(image.id, sample_version(1, version_status::failed)).ok());
  BOOST_TEST(unfinished().empty());
  BOOST_REQUIRE(store->put_version(image.id, sample_version(1, version_status::queued)).ok());
  BOOST_TEST(unfinished() == std::vector<std::string>{image.id});
}

BOOST_AUTO_TEST_CASE(done_version_is_final) {
  auto image = sample_image(next_id(), 3);
  BOOST_REQUIRE(create(*store, image, "abc").ok());
  BOOST_REQUIRE(finish(*store, image.id, sample_version(1, version_status::done, 2), "xy").ok());

  check_problem(store->put_version(image.id, sample_version(1, version_status::queued)),
                error_code::conflict, "version 1 of image " + image.id + " is done");
  check_problem(finish(*store, image.id, sample_version(1, version_status::done, 2), "zz"),
                error_code::conflict);
  BOOST_TEST(*store->read_version(image.id, 1) == "xy");
  BOOST_TEST(store->usage()->live_bytes == 5u);
}

BOOST_AUTO_TEST_CASE(writes_that_break_the_contract_are_refused) {
  auto image = sample_image(next_id(), 4);
  check_problem(store->create_image(image, "abc"), error_code::internal_error,
                "but its original has 3 named");
  image.bytes = 3;
  image.versions = {sample_version(1, version_status::done, 1)};
  check_problem(store->create_image(image, "abc"), error_code::internal_error, "finish_version");
  image.versions = {sample_version(1, version_status::queued),
                    sample_version(1, version_status::queued)};
  check_problem(store->create_image(image, "abc"), error_code::internal_error, "given twice");
  image.versions.clear();
  BOOST_REQUIRE(create(*store, image, "abc").ok());

  check_problem(store->put_version(image.id, sample_version(1, version_status::done, 1)),
                error_code::internal_error, "finish_version");
  check_problem(store->finish_version(image.id, sample_version(1, version_status::running), ""),
                error_code::internal_error, "is running");
  check_problem(store->finish_version(image.id, sample_version(1, version_status::done, 5), "abc"),
                error_code::internal_error, "records 5 bytes but 3 were given");
  auto done = sample_version(1, version_status::done, 3);
  done.output.sha256 = std::string(64, 'b');
  check_problem(store->finish_version(image.id, done, "abc"), error_code::internal_error,
                "records the SHA-256 " + done.output.sha256);
  BOOST_TEST(store->load_image(image.id)->versions.empty());
}

BOOST_AUTO_TEST_CASE(malformed_ids_and_version_numbers_are_refused) {
  const std::string bad = "../../etc/passwd";
  check_problem(create(*store, sample_image(bad, 1), "x"), error_code::invalid_id);
  check_problem(store->load_image(bad), error_code::invalid_id);
  check_problem(store->put_version(bad, sample_version(1, version_status::queued)),
                error_code::invalid_id);
  check_problem(store->read_original(bad), error_code::invalid_id);
  check_problem(store->read_version(bad, 1), error_code::invalid_id);
  check_problem(store->delete_image(bad), error_code::invalid_id);
  check_problem(store->list_images(newest_images(10, bad)), error_code::invalid_id);

  auto image = sample_image(next_id(), 1);
  image.versions = {sample_version(0, version_status::queued)};
  check_problem(create(*store, image, "x"), error_code::invalid_id, "start at 1");
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
  check_problem(finish(*store, id, sample_version(1, version_status::done, 1), "x"),
                error_code::not_found);
}

BOOST_AUTO_TEST_CASE(delete_removes_every_key_of_the_image_and_only_those) {
  auto kept = sample_image(next_id(), 4);
  BOOST_REQUIRE(create(*store, kept, "keep").ok());
  auto image = sample_image(next_id(), 3);
  image.versions = {sample_version(1, version_status::queued),
                    sample_version(2, version_status::failed)};
  BOOST_REQUIRE(create(*store, image, "abc").ok());
  BOOST_REQUIRE(finish(*store, image.id, sample_version(3, version_status::done, 2), "xy").ok());

  BOOST_REQUIRE(store->delete_image(image.id).ok());
  check_problem(store->load_image(image.id), error_code::not_found);
  check_problem(store->read_original(image.id), error_code::not_found);
  check_problem(store->read_version(image.id, 3), error_code::not_found);
  check_problem(store->delete_image(image.id), error_code::not_found);
  BOOST_TEST(unfinished().empty());
  BOOST_TEST(store->load_image(kept.id).ok());

  store.reset();
  BOOST_TEST(raw_keys_of(directory.store_path(), image.id).empty());
  // The image record; its bytes are a file of the byte store.
  BOOST_TEST(raw_keys_of(directory.store_path(), kept.id).size() == 1u);
}

BOOST_AUTO_TEST_CASE(usage_counts_images_and_live_bytes) {
  BOOST_TEST(store->usage()->images == 0u);
  auto first = sample_image(next_id(), 1000);
  auto second = sample_image(next_id(), 2000);
  BOOST_REQUIRE(create(*store, first, test_bytes(1000, 3)).ok());
  BOOST_REQUIRE(create(*store, second, test_bytes(2000, 4)).ok());
  BOOST_REQUIRE(
      finish(*store, first.id, sample_version(1, version_status::done), test_bytes(500, 5)).ok());
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
        if (!create(*store, sample_image(id, 10), "0123456789").ok() ||
            !finish(*store, id, sample_version(1, version_status::done, 3), "abc").ok())
          ++failures;
    });
  for (auto& thread : threads)
    thread.join();

  BOOST_TEST(failures.load() == 0u);
  auto usage = store->usage();
  BOOST_TEST(usage->images == writers * images_each);
  BOOST_TEST(usage->live_bytes == writers * images_each * 13);
  BOOST_TEST(store->list_images(newest_images(1000))->images.size() == writers * images_each);
}

BOOST_AUTO_TEST_CASE(everything_persists_across_reopen) {
  auto original = test_bytes(20'000, 6);
  auto image = sample_image(next_id(), original.size());
  image.versions = {sample_version(1, version_status::queued)};
  BOOST_REQUIRE(create(*store, image, original).ok());
  auto bytes = test_bytes(9000, 7);
  auto done = sample_version(2, version_status::done, bytes.size());
  BOOST_REQUIRE(finish(*store, image.id, done, bytes).ok());
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
    BOOST_REQUIRE(create(*store, image, original).ok());
    auto bytes = test_bytes(size - 1, seed++);
    BOOST_REQUIRE(finish(*store, image.id, sample_version(1, version_status::done), bytes).ok());
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
    BOOST_REQUIRE(db.Put({}, std::string(storage::keys::schema_version_key),
                         std::to_string(storage::record_schema_version + 1))
                      .ok());
  });
  storage::store_options options;
  options.path = directory.store_path();
  auto later = std::to_string(storage::record_schema_version + 1);
  check_problem(storage::image_store::open(options), error_code::unavailable,
                "store has schema version " + later + "; this build reads versions 1 to " +
                    std::to_string(storage::record_schema_version));
}

// A store of an earlier schema opens, and is marked as of the current one
// from then on (its records are read as they are, see record_codec_test).
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
    BOOST_TEST(marker == std::to_string(storage::record_schema_version));
  });
}

// Content addressing: identical bytes are one file, counted once on disk,
// and stay until the last image pointing to them goes.
BOOST_AUTO_TEST_CASE(identical_bytes_are_stored_once_and_kept_while_referenced) {
  auto bytes = test_bytes(100000, 40);
  auto first = sample_image(next_id(), 0);
  auto second = sample_image(next_id(), 0);
  BOOST_REQUIRE(create(*store, first, bytes).ok());
  BOOST_REQUIRE(create(*store, second, bytes).ok());
  auto third = sample_image(next_id(), 0);
  BOOST_REQUIRE(create(*store, third, "other").ok());
  // The version of the third image has the first's bytes as its result.
  BOOST_REQUIRE(finish(*store, third.id, sample_version(1, version_status::done), bytes).ok());
  auto located = store->locate(first.id, 0);
  BOOST_REQUIRE(located.ok() && located->has_value());
  BOOST_TEST((*store->locate(third.id, 1))->path == (*located)->path);
  auto usage = store->usage();
  BOOST_TEST(usage->live_bytes == 3 * bytes.size() + 5); // what the images hold
  BOOST_REQUIRE(store->flush().ok());

  BOOST_REQUIRE(store->delete_image(first.id).ok());
  BOOST_REQUIRE(store->delete_image(third.id).ok());
  BOOST_TEST(std::filesystem::exists((*located)->path));
  BOOST_TEST((*store->read_original(second.id) == bytes));
  BOOST_REQUIRE(store->delete_image(second.id).ok());
  BOOST_TEST(!std::filesystem::exists((*located)->path));
  check_problem(store->locate(second.id, 0), error_code::not_found);
}

namespace {

/// Bytes left among the byte store's temporaries as a worker process does.
std::string left_by_a_worker(const std::string& storage_path, std::string_view bytes) {
  auto writer = storage::byte_store::create_at(storage::byte_store_root(storage_path));
  BOOST_REQUIRE(writer.ok());
  BOOST_REQUIRE(writer->append(bytes).ok());
  auto sealed = writer->seal();
  BOOST_REQUIRE(sealed.ok());
  return sealed->release();
}

} // namespace

BOOST_AUTO_TEST_CASE(a_result_a_worker_left_in_the_byte_store_becomes_the_version) {
  auto image = sample_image(next_id(), 0);
  BOOST_REQUIRE(create(*store, image, "original").ok());
  auto bytes = test_bytes(30000, 41);
  auto done = sample_version(1, version_status::done, bytes.size());
  done.output.sha256 = model::sha256_hex(bytes);
  auto temporary = left_by_a_worker(directory.store_path(), bytes);
  BOOST_REQUIRE(store->adopt_version(image.id, done, temporary).ok());
  BOOST_TEST((*store->read_version(image.id, 1) == bytes));
  check_same_version(store->load_image(image.id)->versions.at(0), done);
  BOOST_TEST(store->usage()->live_bytes == bytes.size() + 8);
}

// The head trusts no hash it did not compute: a result whose bytes are not
// what the worker reported is refused, and its file goes.
BOOST_AUTO_TEST_CASE(an_adopted_result_must_match_what_the_worker_reported) {
  auto image = sample_image(next_id(), 0);
  BOOST_REQUIRE(create(*store, image, "original").ok());
  auto bytes = test_bytes(30000, 42);
  auto reported = sample_version(1, version_status::done, bytes.size());
  reported.output.sha256 = model::sha256_hex("other bytes");
  check_problem(
      store->adopt_version(image.id, reported, left_by_a_worker(directory.store_path(), bytes)),
      error_code::internal_error, "SHA-256");
  reported.output.sha256 = model::sha256_hex(bytes);
  reported.output.bytes = 7;
  check_problem(
      store->adopt_version(image.id, reported, left_by_a_worker(directory.store_path(), bytes)),
      error_code::internal_error, "bytes");
  check_problem(store->adopt_version(image.id, reported, "../../STORE-ID"),
                error_code::invalid_request);
  BOOST_TEST(std::filesystem::is_empty(storage::byte_store_root(directory.store_path()) + "/tmp"));
  check_problem(store->read_version(image.id, 1), error_code::not_found);
}

namespace {

/// Version `number`, done by reusing version `from` of `image` (as found).
model::version_record reused(std::uint32_t number, const storage::reusable_version& from) {
  auto version = sample_version(number, version_status::done);
  version.source = 0;
  version.command.ops = from.version.command.ops;
  version.output = from.version.output;
  version.reused_from = {from.image_id, from.version.number};
  return version;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_done_result_is_found_by_its_source_bytes_and_operations) {
  auto original = test_bytes(20000, 43);
  auto first = sample_image(next_id(), 0);
  BOOST_REQUIRE(create(*store, first, original).ok());
  auto thumbnail = sample_version(1, version_status::done);
  thumbnail.source = 0;
  BOOST_REQUIRE(finish(*store, first.id, thumbnail, "thumbnail bytes").ok());
  auto of_original = model::sha256_hex(original);

  auto found = store->find_reusable(of_original, thumbnail.command.ops);
  BOOST_REQUIRE(found.ok() && found->has_value());
  BOOST_TEST((*found)->image_id == first.id);
  BOOST_TEST((*found)->version.number == 1u);
  BOOST_TEST((*found)->version.output.sha256 == model::sha256_hex("thumbnail bytes"));
  auto other_ops = thumbnail.command.ops;
  other_ops.at(0).args.at(0) = "321";
  BOOST_TEST(!store->find_reusable(of_original, other_ops)->has_value());
  BOOST_TEST(!store->find_reusable(model::sha256_hex("other"), thumbnail.command.ops)->has_value());
  // A version of a version is found by the bytes it was computed from.
  auto second_step = sample_version(2, version_status::done);
  second_step.source = 1;
  second_step.command.ops = {{"grayscale", {}}};
  BOOST_REQUIRE(finish(*store, first.id, second_step, "gray thumbnail").ok());
  auto chained = store->find_reusable(model::sha256_hex("thumbnail bytes"), {{"grayscale", {}}});
  BOOST_REQUIRE(chained.ok() && chained->has_value());
  BOOST_TEST((*chained)->version.number == 2u);
}

// A camera resends a frame: the second image takes the first's result over
// without storing it again, and keeps it when the first image goes.
BOOST_AUTO_TEST_CASE(a_reused_result_shares_the_bytes_and_outlives_its_origin) {
  auto original = test_bytes(20000, 44);
  auto first = sample_image(next_id(), 0);
  auto resent = sample_image(next_id(), 0);
  BOOST_REQUIRE(create(*store, first, original).ok());
  BOOST_REQUIRE(create(*store, resent, original).ok());
  auto thumbnail = sample_version(1, version_status::done);
  thumbnail.source = 0;
  auto result = test_bytes(5000, 45);
  BOOST_REQUIRE(finish(*store, first.id, thumbnail, result).ok());
  auto found = store->find_reusable(model::sha256_hex(original), thumbnail.command.ops);
  BOOST_REQUIRE(found.ok() && found->has_value());
  auto file = (*store->locate(first.id, 1))->path;

  auto copy = reused(1, **found);
  BOOST_REQUIRE(store->reuse_version(resent.id, copy).ok());
  check_same_version(store->load_image(resent.id)->versions.at(0), copy);
  BOOST_TEST((*store->read_version(resent.id, 1) == result));
  BOOST_TEST((*store->locate(resent.id, 1))->path == file); // no second copy
  BOOST_TEST(store->usage()->live_bytes == 2 * original.size() + 2 * result.size());

  BOOST_REQUIRE(store->delete_image(first.id).ok());
  BOOST_TEST((*store->read_version(resent.id, 1) == result));
  // The entry named the deleted image's version; a reused version is no
  // origin, so the next equal command runs.
  BOOST_TEST(
      !store->find_reusable(model::sha256_hex(original), thumbnail.command.ops)->has_value());
  BOOST_REQUIRE(store->delete_image(resent.id).ok());
  BOOST_TEST(!std::filesystem::exists(file));
}

BOOST_AUTO_TEST_CASE(reusing_bytes_that_went_meanwhile_is_not_found) {
  auto original = test_bytes(20000, 46);
  auto first = sample_image(next_id(), 0);
  auto second = sample_image(next_id(), 0);
  BOOST_REQUIRE(create(*store, first, original).ok());
  BOOST_REQUIRE(create(*store, second, "other").ok());
  auto thumbnail = sample_version(1, version_status::done);
  thumbnail.source = 0;
  BOOST_REQUIRE(finish(*store, first.id, thumbnail, "result").ok());
  auto found = store->find_reusable(model::sha256_hex(original), thumbnail.command.ops);
  BOOST_REQUIRE(found.ok() && found->has_value());
  BOOST_REQUIRE(store->delete_image(first.id).ok());
  check_problem(store->reuse_version(second.id, reused(1, **found)), error_code::not_found,
                "no longer stored");
  BOOST_TEST(store->load_image(second.id)->versions.empty());
  auto not_reused = sample_version(1, version_status::done);
  check_problem(store->reuse_version(second.id, not_reused), error_code::internal_error, "origin");
}

// Bytes whose record was not committed (killed between the two) are gone
// at the next start; bytes with a record stay.
BOOST_AUTO_TEST_CASE(bytes_without_a_record_are_removed_at_start) {
  auto image = sample_image(next_id(), 0);
  BOOST_REQUIRE(create(*store, image, "kept").ok());
  auto kept = store->locate(image.id, 0);
  BOOST_REQUIRE(kept.ok() && kept->has_value());
  store.reset();
  auto bytes = storage::byte_store::open(directory.store_path() + "/bytes");
  BOOST_REQUIRE(bytes.ok());
  auto sealed = (*bytes)->seal_bytes("bytes of an upload that was never committed");
  auto orphan = (*bytes)->path_of(sealed->ref().sha256);
  BOOST_REQUIRE((*bytes)->publish(std::move(*sealed)).ok());
  BOOST_REQUIRE(std::filesystem::exists(orphan));
  reopen();
  BOOST_TEST(!std::filesystem::exists(orphan));
  BOOST_TEST(std::filesystem::exists((*kept)->path));
  BOOST_TEST(*store->read_original(image.id) == "kept");
}

BOOST_AUTO_TEST_CASE(damaged_bytes_are_reported_never_served) {
  auto image = sample_image(next_id(), 0);
  BOOST_REQUIRE(create(*store, image, test_bytes(20000, 41)).ok());
  auto located = *store->locate(image.id, 0);
  std::filesystem::resize_file(located->path, 100);
  check_problem(store->read_original(image.id), error_code::corrupt_image, "damaged");
}

// A store of schema 1 kept bytes in RocksDB under <id>/o and <id>/v/<n>:
// they are read from there, and deleted with their image.
BOOST_AUTO_TEST_CASE(bytes_of_a_schema_1_store_are_read_and_deleted) {
  auto id = next_id();
  auto image = sample_image(id, 3);
  image.sha256 = model::sha256_hex("old");
  auto version = sample_version(1, version_status::done, 2);
  version.output.sha256 = model::sha256_hex("v1");
  store.reset();
  with_raw_database(directory.store_path(), [&](rocksdb::DB& db, auto& families) {
    using namespace storage::keys;
    BOOST_REQUIRE(
        db.Put({}, families[images_family], image_key(id), storage::encode_image(image)).ok());
    BOOST_REQUIRE(
        db.Put({}, families[versions_family], version_key(id, 1), storage::encode_version(version))
            .ok());
    BOOST_REQUIRE(db.Put({}, families[blobs_family], original_blob_key(id), "old").ok());
    BOOST_REQUIRE(db.Put({}, families[blobs_family], version_blob_key(id, 1), "v1").ok());
  });
  reopen();
  BOOST_TEST(*store->read_original(id) == "old");
  BOOST_TEST(*store->read_version(id, 1) == "v1");
  BOOST_TEST(!store->locate(id, 0)->has_value());
  // The same bytes uploaded since live in the byte store; the old image's
  // deletion must not count against them.
  auto newer = sample_image(next_id(), 0);
  BOOST_REQUIRE(create(*store, newer, "old").ok());
  BOOST_REQUIRE(store->delete_image(id).ok());
  BOOST_TEST(*store->read_original(newer.id) == "old");
  BOOST_TEST(store->locate(newer.id, 0)->has_value());
  store.reset();
  BOOST_TEST(raw_keys_of(directory.store_path(), id).empty());
}

BOOST_AUTO_TEST_SUITE_END()
