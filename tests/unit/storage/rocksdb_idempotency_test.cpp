#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

#include "tests/unit/storage/raw_database.hpp"
#include "tests/unit/storage/store_fixture.hpp"

using namespace storage_test;
using model::error_code;
using model::version_status;
namespace keys = storage::keys;

namespace {

constexpr std::int64_t request_ms = 1'700'000'000'000;
constexpr std::int64_t lifetime_ms = 24 * 3600 * 1000;
constexpr std::int64_t expiry_ms = request_ms + lifetime_ms;

storage::idempotency_claim claim(const std::string& key, std::int64_t now_ms = request_ms) {
  return {key, now_ms, now_ms + lifetime_ms};
}

struct claims_fixture : store_fixture {
  // Creates an image (original "abc"), claiming `key` for its upload.
  std::string upload(const std::string& key, std::int64_t now_ms = request_ms) {
    auto image = sample_image(next_id(), 3);
    BOOST_REQUIRE(create(*store, image, "abc", claim(key, now_ms)).ok());
    return image.id;
  }

  std::string plain_image() {
    auto image = sample_image(next_id(), 3);
    BOOST_REQUIRE(create(*store, image, "abc").ok());
    return image.id;
  }

  // The image the upload that claimed `key` created; empty if none.
  std::string uploaded(const std::string& key, std::int64_t now_ms = request_ms) {
    auto found = store->find_upload(key, now_ms);
    BOOST_REQUIRE(found.ok());
    return found->value_or("");
  }

  // The version the command that claimed `key` created; 0 if none.
  std::uint32_t commanded(const std::string& id, const std::string& key,
                          std::int64_t now_ms = request_ms) {
    auto found = store->find_command(id, key, now_ms);
    BOOST_REQUIRE(found.ok());
    return found->value_or(0);
  }

  std::vector<std::string> idempotency_keys() {
    store.reset();
    auto found = raw_keys_in(directory.store_path(), keys::idempotency_family);
    store = open_store(directory.store_path());
    return found;
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(idempotency, claims_fixture)

BOOST_AUTO_TEST_CASE(upload_key_finds_its_image_until_it_expires) {
  auto id = upload("camera-7/0001");
  BOOST_TEST(uploaded("camera-7/0001") == id);
  BOOST_TEST(uploaded("camera-7/0001", expiry_ms - 1) == id);
  BOOST_TEST(uploaded("camera-7/0001", expiry_ms).empty());
  BOOST_TEST(uploaded("camera-7/0002").empty());
  BOOST_TEST(*store->read_original(id) == "abc");
  BOOST_TEST(idempotency_keys() ==
             (std::vector<std::string>{keys::expiry_key(expiry_ms, "u/camera-7/0001"), "i/" + id,
                                       "u/camera-7/0001"}));
}

BOOST_AUTO_TEST_CASE(live_upload_key_conflicts_and_stores_nothing) {
  auto first = upload("k");
  auto second = sample_image(next_id(), 3);
  check_problem(create(*store, second, "abc", claim("k", expiry_ms - 1)), error_code::conflict,
                "idempotency key already used for image " + first);
  check_problem(store->load_image(second.id), error_code::not_found);
  BOOST_TEST(store->usage()->images == 1u);
  BOOST_TEST(uploaded("k", expiry_ms - 1) == first);
}

BOOST_AUTO_TEST_CASE(expired_upload_key_is_claimed_anew_and_the_old_image_keeps_none) {
  auto first = upload("k");
  auto second = upload("k", expiry_ms);
  BOOST_TEST(uploaded("k", expiry_ms) == second);

  // The first image's claim was replaced: deleting it leaves the new one.
  BOOST_REQUIRE(store->delete_image(first).ok());
  BOOST_TEST(uploaded("k", expiry_ms) == second);
  BOOST_TEST(idempotency_keys() ==
             (std::vector<std::string>{keys::expiry_key(expiry_ms + lifetime_ms, "u/k"),
                                       "i/" + second, "u/k"}));
}

BOOST_AUTO_TEST_CASE(concurrent_uploads_with_one_key_store_one_image) {
  constexpr std::size_t uploads = 8;
  std::vector<model::image_record> images;
  for (std::size_t i = 0; i < uploads; ++i)
    images.push_back(sample_image(next_id(), 3));
  std::atomic<std::size_t> stored{0};
  std::atomic<std::size_t> conflicts{0};
  std::vector<std::thread> threads;
  for (auto& image : images)
    threads.emplace_back([&] {
      auto written = create(*store, image, "abc", claim("same"));
      if (written.ok())
        ++stored;
      else if (written.error().code == error_code::conflict)
        ++conflicts;
    });
  for (auto& thread : threads)
    thread.join();

  BOOST_TEST(stored.load() == 1u);
  BOOST_TEST(conflicts.load() == uploads - 1);
  BOOST_TEST(store->usage()->images == 1u);
  BOOST_TEST(store->load_image(uploaded("same")).ok());
}

BOOST_AUTO_TEST_CASE(command_key_finds_its_version_within_its_image_only) {
  auto id = plain_image();
  auto other = plain_image();
  BOOST_REQUIRE(
      store->put_version(id, sample_version(1, version_status::queued), claim("cmd")).ok());
  BOOST_TEST(commanded(id, "cmd") == 1u);
  BOOST_TEST(commanded(id, "cmd", expiry_ms) == 0u);
  BOOST_TEST(commanded(other, "cmd") == 0u);
  BOOST_TEST(commanded(next_id(), "cmd") == 0u);

  // Keys are scoped per image: another image may use the same one.
  BOOST_REQUIRE(
      store->put_version(other, sample_version(4, version_status::queued), claim("cmd")).ok());
  BOOST_TEST(commanded(other, "cmd") == 4u);
  BOOST_TEST(commanded(id, "cmd") == 1u);
}

BOOST_AUTO_TEST_CASE(live_command_key_conflicts_and_the_version_is_not_written) {
  auto id = plain_image();
  BOOST_REQUIRE(
      store->put_version(id, sample_version(1, version_status::queued), claim("cmd")).ok());
  check_problem(store->put_version(id, sample_version(2, version_status::queued), claim("cmd")),
                error_code::conflict, "idempotency key already used for version 1 of image " + id);
  BOOST_TEST(store->load_image(id)->versions.size() == 1u);

  BOOST_REQUIRE(
      store->put_version(id, sample_version(2, version_status::queued), claim("cmd", expiry_ms))
          .ok());
  BOOST_TEST(commanded(id, "cmd", expiry_ms) == 2u);
  BOOST_TEST(store->load_image(id)->versions.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_claim_protects_only_the_first_write_of_a_version) {
  auto id = plain_image();
  BOOST_REQUIRE(store->put_version(id, sample_version(1, version_status::queued), claim("a")).ok());
  BOOST_REQUIRE(store->put_version(id, sample_version(1, version_status::running)).ok());
  check_problem(store->put_version(id, sample_version(1, version_status::failed), claim("b")),
                error_code::internal_error, "stored already");
  BOOST_TEST(commanded(id, "b") == 0u);
  check_problem(store->put_version(id, sample_version(2, version_status::done, 1), claim("c")),
                error_code::internal_error, "finish_version");
  check_problem(
      store->put_version(next_id(), sample_version(1, version_status::queued), claim("d")),
      error_code::not_found);
}

BOOST_AUTO_TEST_CASE(malformed_keys_and_claim_times_are_refused) {
  auto id = plain_image();
  for (const std::string& bad :
       {std::string(), std::string(129, 'k'), std::string("two words"), std::string("tab\t"),
        std::string("del\x7f"), std::string("caf\xc3\xa9")}) {
    auto image = sample_image(next_id(), 3);
    check_problem(create(*store, image, "abc", claim(bad)), error_code::invalid_request,
                  "1 to 128 visible ASCII characters");
    check_problem(store->put_version(id, sample_version(1, version_status::queued), claim(bad)),
                  error_code::invalid_request);
    check_problem(store->find_upload(bad, request_ms), error_code::invalid_request);
    check_problem(store->find_command(id, bad, request_ms), error_code::invalid_request);
  }
  BOOST_TEST(store->usage()->images == 1u);
  BOOST_TEST(store->load_image(id)->versions.empty());
  check_problem(store->find_command("not-an-id", "k", request_ms), error_code::invalid_id);

  auto longest = std::string(128, '~');
  auto longest_id = upload(longest);
  BOOST_TEST(uploaded(longest) == longest_id);

  auto image = sample_image(next_id(), 3);
  check_problem(create(*store, image, "abc", {"k", request_ms, request_ms}),
                error_code::internal_error, "must expire later");
  check_problem(create(*store, image, "abc", {"k", -1, request_ms}),
                error_code::internal_error);
  check_problem(store->load_image(image.id), error_code::not_found);
}

BOOST_AUTO_TEST_CASE(deleting_an_image_removes_its_claims_and_only_those) {
  auto kept = upload("kept-upload");
  BOOST_REQUIRE(
      store->put_version(kept, sample_version(1, version_status::queued), claim("cmd")).ok());
  auto id = upload("upload");
  BOOST_REQUIRE(
      store->put_version(id, sample_version(1, version_status::queued), claim("cmd")).ok());
  BOOST_REQUIRE(
      store->put_version(id, sample_version(2, version_status::queued), claim("cmd-2")).ok());

  BOOST_REQUIRE(store->delete_image(id).ok());
  BOOST_TEST(uploaded("upload").empty());
  BOOST_TEST(commanded(id, "cmd") == 0u);
  BOOST_TEST(commanded(id, "cmd-2") == 0u);
  BOOST_TEST(uploaded("kept-upload") == kept);
  BOOST_TEST(commanded(kept, "cmd") == 1u);
  BOOST_TEST(idempotency_keys() ==
             (std::vector<std::string>{keys::command_claim_key(kept, "cmd"),
                                       keys::expiry_key(expiry_ms, "c/" + kept + "/cmd"),
                                       keys::expiry_key(expiry_ms, "u/kept-upload"), "i/" + kept,
                                       "u/kept-upload"}));
}

BOOST_AUTO_TEST_CASE(purge_removes_expired_claims_earliest_first_in_bounded_steps) {
  auto id = plain_image();
  // Claims made a millisecond apart expire a millisecond apart.
  for (std::uint32_t number = 1; number <= 5; ++number)
    BOOST_REQUIRE(store
                      ->put_version(id, sample_version(number, version_status::queued),
                                    claim("cmd-" + std::to_string(number), request_ms + number))
                      .ok());
  auto uploaded_id = upload("upload", request_ms + 10);
  auto now = expiry_ms + 3; // the claims of versions 1 to 3 expired

  BOOST_TEST(*store->purge_expired_keys(now, 2) == 2u);
  // Asked as of a time before expiry: what was purged is gone, the rest not.
  BOOST_TEST(commanded(id, "cmd-1") == 0u);
  BOOST_TEST(commanded(id, "cmd-2") == 0u);
  BOOST_TEST(commanded(id, "cmd-3") == 3u);
  BOOST_TEST(*store->purge_expired_keys(now, 2) == 1u);
  BOOST_TEST(*store->purge_expired_keys(now, 2) == 0u);

  BOOST_TEST(commanded(id, "cmd-4", now) == 4u);
  BOOST_TEST(uploaded("upload", now) == uploaded_id);
  BOOST_TEST(idempotency_keys().size() == 2 * 3 + 1u); // 3 live claims, their expiries, i/
  check_problem(store->purge_expired_keys(now, 0), error_code::invalid_request);
  // Purging never touches the images and versions the claims named.
  BOOST_TEST(store->load_image(id)->versions.size() == 5u);
}

BOOST_AUTO_TEST_CASE(purge_then_delete_and_delete_then_purge_leave_nothing) {
  auto id = upload("upload");
  BOOST_REQUIRE(
      store->put_version(id, sample_version(1, version_status::queued), claim("cmd")).ok());
  BOOST_TEST(*store->purge_expired_keys(expiry_ms, 10) == 2u);
  BOOST_TEST(idempotency_keys() == std::vector<std::string>{"i/" + id});
  BOOST_REQUIRE(store->delete_image(id).ok());
  BOOST_TEST(idempotency_keys().empty());

  auto next = upload("upload", expiry_ms);
  BOOST_REQUIRE(store->delete_image(next).ok());
  BOOST_TEST(*store->purge_expired_keys(expiry_ms + lifetime_ms, 10) == 0u);
  BOOST_TEST(idempotency_keys().empty());
}

BOOST_AUTO_TEST_CASE(claims_persist_across_reopen) {
  auto id = upload("upload");
  BOOST_REQUIRE(
      store->put_version(id, sample_version(1, version_status::queued), claim("cmd")).ok());
  reopen();
  BOOST_TEST(uploaded("upload") == id);
  BOOST_TEST(commanded(id, "cmd") == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
