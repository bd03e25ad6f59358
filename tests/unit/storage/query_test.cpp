// Queries on images (image_store::list_images with conditions) and the
// index family that answers them.

#include <boost/test/unit_test.hpp>

#include <rocksdb/perf_context.h>
#include <rocksdb/write_batch.h>

#include "storage/record_codec.hpp"
#include "tests/unit/storage/raw_database.hpp"
#include "tests/unit/storage/store_fixture.hpp"

using namespace storage_test;
using model::error_code;
using model::image_outcome;
using model::version_status;

namespace {

struct query_fixture : store_fixture {
  /// Stores an image with these labels, uploader and profile; returns its id.
  std::string add(model::label_set labels, std::string uploaded_by = "camera-1",
                  std::string profile = "") {
    auto image = sample_image(next_id(), 0);
    image.labels = std::move(labels);
    image.uploaded_by = std::move(uploaded_by);
    image.profile = std::move(profile);
    BOOST_REQUIRE(create(*store, image, "bytes of " + image.id).ok());
    return image.id;
  }

  /// The ids of every image `query` selects, newest first, read page by page.
  std::vector<std::string> all_pages(model::image_query query) {
    std::vector<std::string> ids;
    do {
      auto page = store->list_images(query);
      BOOST_REQUIRE_MESSAGE(page.ok(), (page.ok() ? "" : page.error().message));
      for (const auto& image : page->images)
        ids.push_back(image.id);
      BOOST_TEST(page->images.size() <= query.limit);
      query.before = page->next;
    } while (!query.before.empty());
    return ids;
  }

  std::vector<std::string> with_outcome(image_outcome outcome) {
    model::image_query query;
    query.status = outcome;
    return all_pages(query);
  }

  void put(const std::string& id, std::uint32_t number, version_status status) {
    BOOST_REQUIRE(store->put_version(id, sample_version(number, status)).ok());
  }
};

model::image_query labelled(model::label_set labels, std::uint32_t limit = 2) {
  model::image_query query;
  query.labels = std::move(labels);
  query.limit = limit;
  return query;
}

using ids = std::vector<std::string>;

} // namespace

BOOST_FIXTURE_TEST_SUITE(queries, query_fixture)

BOOST_AUTO_TEST_CASE(each_condition_selects_exactly_its_images_newest_first_across_pages) {
  auto a = add({{"line", "3"}, {"station", "7"}}, "camera-1", "thumbnail");
  auto b = add({{"line", "3"}, {"station", "8"}}, "camera-2");
  auto c = add({{"line", "4"}, {"station", "7"}}, "camera-1", "thumbnail");
  auto d = add({{"line", "3"}, {"station", "7"}}, "camera-2", "archive");
  auto e = add({}, "");

  BOOST_TEST(all_pages(labelled({{"line", "3"}})) == (ids{d, b, a}));
  BOOST_TEST(all_pages(labelled({{"station", "7"}}, 1)) == (ids{d, c, a}));
  BOOST_TEST(all_pages(labelled({{"line", "3"}, {"station", "7"}})) == (ids{d, a}));
  BOOST_TEST(all_pages(labelled({{"line", "4"}, {"station", "8"}})).empty());
  BOOST_TEST(all_pages(labelled({{"line", "9"}})).empty());

  auto by = [&](std::string uploader, std::string profile) {
    model::image_query query;
    query.uploaded_by = std::move(uploader);
    query.profile = std::move(profile);
    query.limit = 1;
    return all_pages(query);
  };
  BOOST_TEST(by("camera-1", "") == (ids{c, a}));
  BOOST_TEST(by("camera-2", "") == (ids{d, b}));
  BOOST_TEST(by("", "thumbnail") == (ids{c, a}));
  BOOST_TEST(by("camera-2", "archive") == (ids{d}));
  BOOST_TEST(by("camera-2", "thumbnail").empty());
  BOOST_TEST(all_pages(newest_images(2)) == (ids{e, d, c, b, a}));
}

BOOST_AUTO_TEST_CASE(the_outcome_is_the_newest_versions_through_every_kind_of_write) {
  auto image = sample_image(next_id(), 0);
  auto original = test_bytes(3000, 60);
  BOOST_REQUIRE(create(*store, image, original).ok());
  auto other = add({});
  BOOST_TEST(with_outcome(image_outcome::pending).empty()); // no versions: no outcome

  put(image.id, 1, version_status::queued);
  BOOST_TEST(with_outcome(image_outcome::pending) == (ids{image.id}));
  auto running = sample_version(1, version_status::running);
  BOOST_REQUIRE(store->start_version(image.id, running).ok());
  BOOST_TEST(with_outcome(image_outcome::pending) == (ids{image.id}));
  auto done = sample_version(1, version_status::done);
  done.source = 0;
  BOOST_REQUIRE(finish(*store, image.id, done, test_bytes(500, 61)).ok());
  BOOST_TEST(with_outcome(image_outcome::pending).empty());
  BOOST_TEST(with_outcome(image_outcome::done) == (ids{image.id}));

  // A newer version decides; an older one finishing later changes nothing.
  put(image.id, 3, version_status::queued);
  put(image.id, 2, version_status::queued);
  BOOST_TEST(with_outcome(image_outcome::done).empty());
  put(image.id, 3, version_status::failed);
  BOOST_TEST(with_outcome(image_outcome::failed) == (ids{image.id}));
  put(image.id, 2, version_status::failed);
  BOOST_TEST(with_outcome(image_outcome::failed) == (ids{image.id}));
  BOOST_TEST(with_outcome(image_outcome::pending).empty());

  // Results taken over from another image count as done.
  auto found = store->find_reusable(model::sha256_hex(original), done.command.ops);
  BOOST_REQUIRE(found.ok() && found->has_value());
  auto copy = sample_version(1, version_status::done);
  copy.source = 0;
  copy.command.ops = (*found)->version.command.ops;
  copy.output = (*found)->version.output;
  copy.reused_from = {(*found)->image_id, (*found)->version.number};
  BOOST_REQUIRE(store->reuse_version(other, copy).ok());
  BOOST_TEST(with_outcome(image_outcome::done) == (ids{other}));

  // The index survives a restart as it is.
  reopen();
  BOOST_TEST(with_outcome(image_outcome::failed) == (ids{image.id}));
  BOOST_TEST(with_outcome(image_outcome::done) == (ids{other}));
}

BOOST_AUTO_TEST_CASE(initial_versions_of_an_upload_give_it_its_outcome) {
  auto image = sample_image(next_id(), 0);
  image.versions = {sample_version(1, version_status::queued)};
  BOOST_REQUIRE(create(*store, image, "frame").ok());
  BOOST_TEST(with_outcome(image_outcome::pending) == (ids{image.id}));
}

BOOST_AUTO_TEST_CASE(since_includes_and_until_excludes_and_both_combine_with_conditions) {
  std::vector<std::string> made;
  for (int i = 0; i < 6; ++i)
    made.push_back(add({{"line", i % 2 == 0 ? "even" : "odd"}}));
  model::image_query query;
  query.since = made[1];
  query.until = made[4];
  query.limit = 1;
  BOOST_TEST(all_pages(query) == (ids{made[3], made[2], made[1]}));
  query.labels = {{"line", "odd"}};
  BOOST_TEST(all_pages(query) == (ids{made[3], made[1]}));
  // Bounds need not be stored ids: any id between two images falls between.
  query.labels.clear();
  query.since = made[4].substr(0, 10) + std::string(16, '0');
  query.until.clear();
  BOOST_TEST(all_pages(query) == (ids{made[5], made[4]}));
}

BOOST_AUTO_TEST_CASE(pages_stay_stable_while_images_arrive) {
  std::vector<std::string> first;
  for (int i = 0; i < 4; ++i)
    first.push_back(add({{"line", "3"}}));
  auto query = labelled({{"line", "3"}}, 2);
  auto page = store->list_images(query);
  BOOST_REQUIRE(page.ok());
  BOOST_TEST(page->next == first[2]);
  auto later = add({{"line", "3"}});
  query.before = page->next;
  auto rest = store->list_images(query);
  BOOST_REQUIRE(rest.ok());
  BOOST_REQUIRE(rest->images.size() == 2u);
  BOOST_TEST(rest->images[0].id == first[1]);
  BOOST_TEST(rest->images[1].id == first[0]);
  BOOST_TEST(rest->next.empty());
  BOOST_TEST(all_pages(labelled({{"line", "3"}}))[0] == later);
}

BOOST_AUTO_TEST_CASE(focus_below_selects_by_the_newest_measured_version) {
  auto measure = [&](const std::string& id, std::uint32_t number, std::string stats) {
    auto done = sample_version(number, version_status::done);
    done.source = 0;
    done.output.stats = std::move(stats);
    BOOST_REQUIRE(finish(*store, id, done, "result " + id + std::to_string(number)).ok());
  };
  auto sharp = add({{"station", "7"}});
  auto blurred = add({{"station", "7"}});
  auto unmeasured = add({{"station", "7"}});
  auto other_station = add({{"station", "8"}});
  measure(sharp, 1, R"({"focus":850.5,"after":[]})");
  measure(blurred, 1, R"({"focus":12.25,"after":[]})");
  measure(unmeasured, 1, "");
  measure(other_station, 1, R"({"focus":3,"after":[]})");

  model::image_query query;
  query.focus_below = 100;
  query.limit = 1;
  BOOST_TEST(all_pages(query) == (ids{other_station, blurred}));
  query.labels = {{"station", "7"}};
  BOOST_TEST(all_pages(query) == (ids{blurred}));
  query.focus_below = 12.25; // strictly below
  BOOST_TEST(all_pages(query).empty());

  // A newer measurement replaces the older; an older one arriving later
  // does not, and a version without measurements leaves the entry alone.
  measure(sharp, 3, R"({"focus":40})");
  measure(sharp, 2, R"({"focus":900})");
  measure(blurred, 2, "");
  query.focus_below = 100;
  BOOST_TEST(all_pages(query) == (ids{blurred, sharp}));
  reopen();
  BOOST_TEST(all_pages(query) == (ids{blurred, sharp}));

  BOOST_REQUIRE(store->delete_image(blurred).ok());
  BOOST_TEST(all_pages(query) == (ids{sharp}));
}

BOOST_AUTO_TEST_CASE(a_deleted_image_leaves_no_index_entry) {
  auto image = sample_image(next_id(), 0);
  image.labels = {{"line", "3"}, {"part", "A-1042"}};
  image.versions = {sample_version(1, version_status::queued)};
  BOOST_REQUIRE(create(*store, image, "frame").ok());
  put(image.id, 1, version_status::failed);
  auto kept = add({{"line", "3"}});
  BOOST_REQUIRE(store->delete_image(image.id).ok());
  BOOST_TEST(all_pages(labelled({{"line", "3"}})) == (ids{kept}));
  BOOST_TEST(with_outcome(image_outcome::failed).empty());
  BOOST_REQUIRE(store->delete_image(kept).ok());
  store.reset();
  BOOST_TEST(raw_keys_in(directory.store_path(), storage::keys::index_family).empty());
}

BOOST_AUTO_TEST_CASE(malformed_bounds_and_a_zero_limit_are_refused) {
  auto query = newest_images(10);
  query.since = "yesterday";
  check_problem(store->list_images(query), error_code::invalid_id);
  query.since.clear();
  query.until = "../../etc";
  check_problem(store->list_images(query), error_code::invalid_id);
  check_problem(store->list_images(labelled({{"line", "3"}}, 0)), error_code::invalid_request,
                "limit");
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// A store of schema 3, written directly: `count` images, the i-th labelled
// line:<i mod 2> and station:<i mod 1000>, with a done version when i is a
// multiple of 3; the index family holds nothing.
std::vector<std::string> write_schema_3_store(const std::string& path, std::size_t count) {
  std::vector<std::string> ids;
  model::image_id_generator generator;
  with_raw_database(path, [&](rocksdb::DB& db, auto& families) {
    rocksdb::WriteBatch batch;
    for (std::size_t i = 0; i < count; ++i) {
      auto image =
          sample_image(generator.next(1'700'000'000'000 + static_cast<std::int64_t>(i)), 5);
      image.labels = {{"line", std::to_string(i % 2)}, {"station", std::to_string(i % 1000)}};
      batch.Put(families[storage::keys::images_family], image.id, storage::encode_image(image));
      if (i % 3 == 0)
        batch.Put(families[storage::keys::versions_family], storage::keys::version_key(image.id, 1),
                  storage::encode_version(sample_version(1, version_status::done)));
      ids.push_back(image.id);
    }
    batch.Put(families[storage::keys::default_family],
              std::string(storage::keys::schema_version_key), "3");
    BOOST_REQUIRE(db.Write({}, &batch).ok());
  });
  return ids;
}

// What a call reads of RocksDB, from its perf context (this thread's).
struct reads {
  std::uint64_t blocks = 0;         // data, index and filter blocks, cached or not
  std::uint64_t entries_passed = 0; // keys stepped over inside iterators
};

template<class Call>
reads measure(Call call) {
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableCount);
  rocksdb::get_perf_context()->Reset();
  call();
  const auto* context = rocksdb::get_perf_context();
  reads measured{context->block_cache_hit_count + context->block_read_count,
                 context->internal_key_skipped_count};
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
  return measured;
}

} // namespace

// 100,000 images of an earlier schema: the first open indexes them, and a
// selective query then reads a number of keys bounded by what it returns and
// by its rarest condition, not by the images stored.
BOOST_FIXTURE_TEST_CASE(a_selective_query_among_100000_images_reads_a_bounded_number_of_keys,
                        store_fixture) {
  constexpr std::size_t count = 100'000;
  store.reset();
  auto made = write_schema_3_store(directory.store_path(), count);
  reopen();
  BOOST_REQUIRE(store->flush().ok()); // read from table files, as after a restart

  // station:7 holds 100 images, all on line 1 (7 is odd); every third done.
  auto query = labelled({{"station", "7"}, {"line", "1"}}, 10);
  query.status = image_outcome::done;
  model::image_page page;
  auto selective = measure([&] {
    auto answer = store->list_images(query);
    BOOST_REQUIRE(answer.ok());
    page = std::move(*answer);
  });
  std::vector<std::string> expected;
  for (std::size_t i = count; i-- > 0 && expected.size() < 10;)
    if (i % 1000 == 7 && i % 3 == 0)
      expected.push_back(made[i]);
  BOOST_REQUIRE(page.images.size() == 10u);
  for (std::size_t k = 0; k < 10; ++k)
    BOOST_TEST(page.images[k].id == expected[k]);
  BOOST_TEST(page.next == expected.back());

  // No image matches: station:7 is on line 1 only. The leapfrog passes over
  // station:7's 100 entries and no more than that many of line:0's.
  auto empty = labelled({{"station", "7"}, {"line", "0"}}, 10);
  reads nothing_found = measure([&] {
    auto answer = store->list_images(empty);
    BOOST_REQUIRE(answer.ok());
    BOOST_TEST(answer->images.empty());
  });

  BOOST_TEST_MESSAGE("10 of 100,000 images: " << selective.blocks << " blocks, "
                                              << selective.entries_passed << " entries passed; "
                                              << "none of 100,000: " << nothing_found.blocks
                                              << " blocks, " << nothing_found.entries_passed
                                              << " entries passed");
  // A scan of one 50,000-entry index alone would read hundreds of blocks.
  BOOST_TEST(selective.blocks < 400u);
  BOOST_TEST(selective.entries_passed < 200u);
  BOOST_TEST(nothing_found.blocks < 800u);
  BOOST_TEST(nothing_found.entries_passed < 400u);
}
