#pragma once

#include <boost/test/unit_test.hpp>

#include <stdlib.h>

#include <filesystem>
#include <string>

namespace test_support {

/// A fresh directory under the system temp directory, removed with its
/// contents on destruction.
class temp_directory {
public:
  temp_directory() {
    auto pattern = (std::filesystem::temp_directory_path() / "caf-node-test-XXXXXX").string();
    BOOST_REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~temp_directory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  temp_directory(const temp_directory&) = delete;
  temp_directory& operator=(const temp_directory&) = delete;

  const std::filesystem::path& path() const {
    return path_;
  }
  /// Where the store lives: a not yet existing subdirectory.
  std::string store_path() const {
    return (path_ / "store").string();
  }

private:
  std::filesystem::path path_;
};

} // namespace test_support
