#include <boost/test/unit_test.hpp>

#include "storage/key_layout.hpp"
#include "tests/storage/store_fixture.hpp"

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

BOOST_AUTO_TEST_SUITE_END()
