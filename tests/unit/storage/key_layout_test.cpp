#include <boost/test/unit_test.hpp>

#include "storage/key_layout.hpp"
#include "tests/unit/storage/store_fixture.hpp"

using namespace storage_test;
namespace keys = storage::keys;

BOOST_AUTO_TEST_SUITE(key_layout)

BOOST_AUTO_TEST_CASE(version_keys_sort_by_number) {
  auto id = next_id();
  BOOST_TEST(keys::version_key(id, 2) < keys::version_key(id, 10));
  BOOST_TEST(keys::version_key(id, 10) < keys::version_key(id, 4'294'967'295u));
  BOOST_TEST(keys::version_blob_key(id, 9) < keys::version_blob_key(id, 10));
}

BOOST_AUTO_TEST_CASE(every_key_of_an_image_starts_with_its_prefix_and_names_its_id) {
  auto id = next_id();
  auto prefix = keys::image_prefix(id);
  for (const auto& key :
       {keys::version_key(id, 7), keys::original_blob_key(id), keys::version_blob_key(id, 7)}) {
    BOOST_TEST(key.compare(0, prefix.size(), prefix) == 0);
    BOOST_TEST(keys::id_of(key) == id);
  }
  BOOST_TEST(keys::image_key(id) == id);
  BOOST_TEST(keys::id_of("short").empty());
}

BOOST_AUTO_TEST_CASE(keys_of_one_image_never_share_the_prefix_of_another) {
  auto first = next_id();
  auto second = next_id();
  BOOST_TEST(keys::original_blob_key(second).compare(0, keys::image_prefix(first).size(),
                                                     keys::image_prefix(first)) != 0);
  BOOST_TEST(keys::original_blob_key(first) != keys::version_blob_key(first, 0));
}

BOOST_AUTO_TEST_CASE(command_claims_are_scoped_to_their_image) {
  auto first = next_id();
  auto second = next_id();
  auto claim = keys::command_claim_key(first, "retry-1");
  BOOST_TEST(claim == "c/" + first + "/retry-1");
  BOOST_TEST(claim.compare(0, keys::command_claims_prefix(first).size(),
                           keys::command_claims_prefix(first)) == 0);
  BOOST_TEST(keys::command_claim_key(second, "retry-1") != claim);
  BOOST_TEST(keys::image_of_command_claim(claim) == first);
  // A key that looks like an id does not make an upload claim a command one.
  BOOST_TEST(keys::image_of_command_claim(keys::upload_claim_key("c/" + first)).empty());
  BOOST_TEST(keys::upload_claim_key("a/b") == "u/a/b");
  BOOST_TEST(keys::image_upload_key(first) == "i/" + first);
}

BOOST_AUTO_TEST_CASE(expiry_keys_sort_by_time_and_parse_back) {
  auto claim = keys::upload_claim_key("k");
  BOOST_TEST(keys::expiry_key(999, claim) < keys::expiry_key(1000, claim));
  BOOST_TEST(keys::expiry_key(1'700'000'000'000, claim) <
             keys::expiry_key(9'223'372'036'854'775'807, claim));
  BOOST_TEST(keys::expiry_key(5, claim) == "e/0000000000000000005/u/k");

  auto entry = keys::parse_expiry_key(keys::expiry_key(1'700'000'000'123, claim));
  BOOST_REQUIRE(entry.has_value());
  BOOST_TEST(entry->expires_ms == 1'700'000'000'123);
  BOOST_TEST(entry->claim_key == claim);
  for (std::string_view other : {"u/k", "e/", "e/0000000000000000005/", "e/000000000000000000x/u/k",
                                 "x/0000000000000000005/u/k", "e/0000000000000000005-u/k"})
    BOOST_TEST(!keys::parse_expiry_key(other).has_value(), other);
}

BOOST_AUTO_TEST_SUITE_END()
