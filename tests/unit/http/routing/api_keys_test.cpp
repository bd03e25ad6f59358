#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "actors/model/digest.hpp"
#include "http/routing/api_keys.hpp"

namespace {

using http_api::key_scope;

const std::string camera_digest = model::sha256_hex("camera-secret");
const std::string admin_digest = model::sha256_hex("admin-secret");

// A file with `content` in a fresh temporary folder, removed with the object.
class key_file {
public:
  explicit key_file(const std::string& content) {
    std::string pattern = (std::filesystem::temp_directory_path() / "api-keys-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
      throw std::runtime_error("cannot make a temporary folder");
    folder_ = pattern;
    std::ofstream(path()) << content;
  }
  ~key_file() {
    std::filesystem::remove_all(folder_);
  }
  std::string path() const {
    return (folder_ / "keys").string();
  }

private:
  std::filesystem::path folder_;
};

bool has_problem(const http_api::key_config& config, const std::string& part) {
  for (const auto& problem : config.problems)
    if (problem.find(part) != std::string::npos)
      return true;
  return false;
}

std::string problems_of(const http_api::key_config& config) {
  std::string all;
  for (const auto& problem : config.problems)
    all += problem + "\n";
  return all;
}

} // namespace

BOOST_AUTO_TEST_SUITE(api_keys)

BOOST_AUTO_TEST_CASE(entries_give_name_scope_and_lowercase_digest) {
  std::string upper = admin_digest;
  for (auto& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto config = http_api::read_key_config(
      {"camera-7 device " + camera_digest, " ops.admin_1\tadmin  " + upper + " "}, "");
  BOOST_TEST_REQUIRE(config.problems.empty(), problems_of(config));
  BOOST_TEST_REQUIRE(config.keys.size() == 2u);
  BOOST_TEST(config.keys[0].name == "camera-7");
  BOOST_TEST((config.keys[0].scope == key_scope::device));
  BOOST_TEST(config.keys[0].sha256 == camera_digest);
  BOOST_TEST(config.keys[1].name == "ops.admin_1");
  BOOST_TEST((config.keys[1].scope == key_scope::admin));
  BOOST_TEST(config.keys[1].sha256 == admin_digest);
}

BOOST_AUTO_TEST_CASE(every_bad_entry_is_a_problem_naming_it) {
  auto config = http_api::read_key_config(
      {
          "camera-7 device",                                 // [0] two fields
          "camera 7 device " + camera_digest,                // [1] four fields
          "cam/era device " + camera_digest,                 // [2] bad name
          std::string(65, 'n') + " device " + camera_digest, // [3] long name
          "camera root " + camera_digest,                    // [4] bad scope
          "camera device " + camera_digest.substr(1),        // [5] 63 digits
          "camera device " + camera_digest.substr(1) + "g",  // [6] not hex
          "Device device " + camera_digest,                  // [7] fine
      },
      "");
  BOOST_TEST(config.keys.size() == 1u);
  BOOST_TEST(config.problems.size() == 7u, problems_of(config));
  BOOST_TEST(
      has_problem(config, "api.keys[0]: expected \"NAME SCOPE SHA256HEX\" (3 fields), got 2"));
  BOOST_TEST(has_problem(config, "api.keys[1]: expected"));
  BOOST_TEST(has_problem(config, "api.keys[2]: the name \"cam/era\" must be 1 to 64"));
  BOOST_TEST(has_problem(config, "api.keys[3]: the name"));
  BOOST_TEST(has_problem(config, "api.keys[4]: the scope must be device or admin, got \"root\""));
  BOOST_TEST(has_problem(config, "api.keys[5]: the digest must be 64 hex digits"));
  BOOST_TEST(has_problem(config, "api.keys[6]: the digest must be 64 hex digits"));
}

BOOST_AUTO_TEST_CASE(names_and_keys_must_be_unique_across_config_and_file) {
  key_file file("# keys of line 3\n\n"
                "camera device " +
                admin_digest +
                "   # same name as api.keys[0]\n"
                "other admin " +
                camera_digest + "\n");
  auto config = http_api::read_key_config({"camera device " + camera_digest}, file.path());
  BOOST_TEST(config.keys.size() == 1u);
  BOOST_TEST_REQUIRE(config.problems.size() == 2u, problems_of(config));
  BOOST_TEST(config.problems[0] == "api.keys-file " + file.path() +
                                       " line 3: the name \"camera\" is already used by "
                                       "api.keys[0]");
  BOOST_TEST(config.problems[1] == "api.keys-file " + file.path() +
                                       " line 4: the same key is already configured by "
                                       "api.keys[0]: each key needs its own name");
}

BOOST_AUTO_TEST_CASE(a_key_file_holds_entries_comments_and_blank_lines) {
  key_file file("# caf-node keys\r\n"
                "camera-7 device " +
                camera_digest +
                "\r\n"
                "\n   \t\n"
                "ops admin " +
                admin_digest + " # the operators\n");
  auto config = http_api::read_key_config({}, file.path());
  BOOST_TEST_REQUIRE(config.problems.empty(), problems_of(config));
  BOOST_TEST_REQUIRE(config.keys.size() == 2u);
  BOOST_TEST(config.keys[0].name == "camera-7");
  BOOST_TEST(config.keys[1].name == "ops");
}

BOOST_AUTO_TEST_CASE(a_missing_key_file_is_a_problem) {
  auto config = http_api::read_key_config({}, "/nonexistent/keys");
  BOOST_TEST(config.problems == std::vector<std::string>{"cannot read api.keys-file "
                                                         "/nonexistent/keys"});
}

BOOST_AUTO_TEST_CASE(no_configuration_means_no_keys) {
  auto config = http_api::read_key_config({}, "");
  BOOST_TEST(config.keys.empty());
  BOOST_TEST(config.problems.empty());
  BOOST_TEST(http_api::key_ring({}).empty());
}

BOOST_AUTO_TEST_CASE(the_ring_finds_each_key_by_its_secret_only) {
  auto config = http_api::read_key_config(
      {"camera device " + camera_digest, "ops admin " + admin_digest}, "");
  http_api::key_ring ring(config.keys);
  BOOST_TEST(!ring.empty());
  BOOST_TEST(ring.find("camera-secret")->name == "camera");
  BOOST_TEST((ring.find("admin-secret")->scope == key_scope::admin));
  for (const auto* wrong :
       {"", "camera-secre", "camera-secret ", "Camera-secret", camera_digest.c_str()})
    BOOST_TEST(!ring.find(wrong), wrong);
}

BOOST_AUTO_TEST_SUITE_END()
