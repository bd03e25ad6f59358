#pragma once

// Images of the upload corpus (tests/system/security/corpus), which its
// generate.sh makes with the reference encoders: the HEIC, AVIF and JPEG XL
// files GraphicsMagick cannot write, and their hostile variants; and inputs
// the fuzz targets found (tests/fuzz/corpus).

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace corpus_images {

inline const std::filesystem::path tests_folder =
    std::filesystem::path(__FILE__).parent_path() / "../../..";

/// The bytes of `path`; fails the test when it cannot be read.
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(file, "cannot read " + path.string());
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

/// The bytes of upload corpus file `name`.
inline std::string read(const std::string& name) {
  return read_file(tests_folder / "system/security/corpus" / name);
}

/// The bytes of seed `name` of fuzz target `target`.
inline std::string fuzz_seed(const std::string& target, const std::string& name) {
  return read_file(tests_folder / "fuzz/corpus" / target / name);
}

} // namespace corpus_images
