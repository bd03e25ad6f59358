#pragma once

// A byte store in a fresh temporary folder, and a way to put bytes in it.

#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

#include "storage/byte_store.hpp"
#include "tests/support/temp_directory.hpp"

namespace test_support {

struct byte_store_fixture {
  byte_store_fixture() : root((directory.path() / "bytes").string()) {
    auto opened = storage::byte_store::open(root);
    BOOST_REQUIRE(opened.ok());
    store = std::move(*opened);
  }

  /// Stores `bytes` as a published blob.
  storage::blob_ref put(const std::string& bytes) {
    auto sealed = store->seal_bytes(bytes);
    BOOST_REQUIRE(sealed.ok());
    auto ref = sealed->ref();
    BOOST_REQUIRE(store->publish(std::move(*sealed)).ok());
    return ref;
  }

  temp_directory directory;
  std::string root;
  std::unique_ptr<storage::byte_store> store;
};

} // namespace test_support
