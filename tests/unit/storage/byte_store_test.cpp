#include <boost/test/unit_test.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "actors/model/digest.hpp"
#include "storage/byte_store.hpp"
#include "tests/support/byte_store_fixture.hpp"
#include "tests/unit/storage/store_fixture.hpp"

using namespace storage_test;
using model::error_code;

namespace {

namespace fs = std::filesystem;

struct bytes_fixture : test_support::byte_store_fixture {
  std::size_t temporary_files() const {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(fs::path(root) / "tmp"), fs::directory_iterator()));
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(byte_store, bytes_fixture)

BOOST_AUTO_TEST_CASE(bytes_are_named_by_their_sha256_and_read_back_whole) {
  auto bytes = test_bytes(3 << 20, 7);
  auto ref = put(bytes);
  BOOST_TEST(ref.sha256 == model::sha256_hex(bytes));
  BOOST_TEST(ref.size == bytes.size());
  BOOST_TEST(fs::exists(store->path_of(ref.sha256)));
  BOOST_TEST(store->path_of(ref.sha256).find("/" + ref.sha256.substr(0, 2) + "/") !=
             std::string::npos);
  BOOST_TEST((*store->read(ref) == bytes));
  BOOST_TEST(storage::check_file(store->path_of(ref.sha256), ref).ok());
  BOOST_TEST(temporary_files() == 0u);
}

BOOST_AUTO_TEST_CASE(bytes_written_in_pieces_hash_like_whole_ones) {
  auto bytes = test_bytes(100000, 8);
  auto writer = store->create();
  BOOST_REQUIRE(writer.ok());
  for (std::size_t at = 0; at < bytes.size(); at += 4096)
    BOOST_REQUIRE(writer->append(std::string_view(bytes).substr(at, 4096)).ok());
  auto sealed = writer->seal();
  BOOST_REQUIRE(sealed.ok());
  BOOST_TEST(sealed->ref().sha256 == model::sha256_hex(bytes));
  BOOST_TEST(sealed->ref().size == bytes.size());
}

BOOST_AUTO_TEST_CASE(damaged_bytes_are_never_served) {
  auto ref = put(test_bytes(50000, 9));
  {
    std::fstream file(store->path_of(ref.sha256), std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(1234);
    file.put('\x5a');
  }
  check_problem(store->read(ref), error_code::corrupt_image, "damaged");
  check_problem(storage::check_file(store->path_of(ref.sha256), ref), error_code::corrupt_image,
                "damaged");
  fs::resize_file(store->path_of(ref.sha256), 10);
  check_problem(store->read(ref), error_code::corrupt_image);
  fs::remove(store->path_of(ref.sha256));
  check_problem(store->read(ref), error_code::not_found, "missing");
}

BOOST_AUTO_TEST_CASE(bytes_sealed_but_not_published_leave_nothing) {
  {
    auto sealed = store->seal_bytes("never published");
    BOOST_REQUIRE(sealed.ok());
    BOOST_TEST(temporary_files() == 1u);
  }
  BOOST_TEST(temporary_files() == 0u);
  {
    auto writer = store->create();
    BOOST_REQUIRE(writer->append("abandoned").ok());
  }
  BOOST_TEST(temporary_files() == 0u);
}

BOOST_AUTO_TEST_CASE(opening_removes_what_a_crash_left_half_written) {
  std::ofstream(fs::path(root) / "tmp" / "12345-1") << "half written";
  auto reopened = storage::byte_store::open(root);
  BOOST_REQUIRE(reopened.ok());
  BOOST_TEST(temporary_files() == 0u);
}

BOOST_AUTO_TEST_CASE(sweep_removes_only_unreferenced_blobs) {
  auto kept = put("kept bytes");
  auto orphan = put("orphan bytes");
  auto removed = store->sweep([&](std::string_view sha256) { return sha256 == kept.sha256; });
  BOOST_REQUIRE(removed.ok());
  BOOST_TEST(*removed == 1u);
  BOOST_TEST(fs::exists(store->path_of(kept.sha256)));
  BOOST_TEST(!fs::exists(store->path_of(orphan.sha256)));
}

BOOST_AUTO_TEST_CASE(a_result_written_by_another_process_is_adopted_after_hashing_anew) {
  auto bytes = test_bytes(70000, 10);
  std::string name;
  {
    auto writer = storage::byte_store::create_at(root);
    BOOST_REQUIRE(writer.ok());
    BOOST_REQUIRE(writer->append(bytes).ok());
    auto sealed = writer->seal();
    BOOST_REQUIRE(sealed.ok());
    name = sealed->release();
  }
  BOOST_TEST(temporary_files() == 1u); // released: outlives its writer
  auto adopted = store->adopt(name);
  BOOST_REQUIRE(adopted.ok());
  auto ref = adopted->ref();
  BOOST_TEST(ref.sha256 == model::sha256_hex(bytes));
  BOOST_TEST(ref.size == bytes.size());
  BOOST_REQUIRE(store->publish(std::move(*adopted)).ok());
  BOOST_TEST((*store->read(ref) == bytes));
  BOOST_TEST((*storage::read_checked_file(storage::blob_path(root, ref.sha256), ref) == bytes));
  BOOST_TEST(temporary_files() == 0u);
}

BOOST_AUTO_TEST_CASE(adopting_refuses_names_outside_the_temporaries) {
  std::ofstream(fs::path(root) / "outside") << "not a temporary";
  check_problem(store->adopt("../outside"), error_code::invalid_request, "names no temporary");
  check_problem(store->adopt(""), error_code::invalid_request);
  check_problem(store->adopt("STORE-ID"), error_code::invalid_request);
  check_problem(store->adopt("123-456"), error_code::not_found, "missing");
  BOOST_TEST(fs::exists(fs::path(root) / "outside"));
}

BOOST_AUTO_TEST_CASE(an_adopted_result_left_unpublished_leaves_nothing) {
  auto writer = storage::byte_store::create_at(root);
  BOOST_REQUIRE(writer->append("result nobody stores").ok());
  auto name = writer->seal()->release();
  {
    auto adopted = store->adopt(name);
    BOOST_REQUIRE(adopted.ok());
  }
  BOOST_TEST(temporary_files() == 0u);
}

BOOST_AUTO_TEST_CASE(the_identity_is_kept_across_opens_and_readable_without_opening) {
  auto identity = store->identity();
  BOOST_TEST(identity.size() == 32u);
  BOOST_TEST(*storage::read_store_identity(root) == identity);
  auto reopened = storage::byte_store::open(root);
  BOOST_REQUIRE(reopened.ok());
  BOOST_TEST((*reopened)->identity() == identity);
  temp_directory other;
  auto another = storage::byte_store::open((other.path() / "bytes").string());
  BOOST_REQUIRE(another.ok());
  BOOST_TEST((*another)->identity() != identity);
  check_problem(storage::read_store_identity((other.path() / "none").string()),
                error_code::not_found);
}

BOOST_AUTO_TEST_CASE(temporaries_are_swept_only_once_old_enough) {
  auto writer = storage::byte_store::create_at(root);
  BOOST_REQUIRE(writer->append("abandoned result").ok());
  auto name = writer->seal()->release();
  auto kept = store->sweep_temporaries(std::chrono::hours(1));
  BOOST_REQUIRE(kept.ok());
  BOOST_TEST(*kept == 0u);
  BOOST_TEST(temporary_files() == 1u);
  fs::last_write_time(fs::path(root) / "tmp" / name,
                      fs::file_time_type::clock::now() - std::chrono::hours(2));
  auto swept = store->sweep_temporaries(std::chrono::hours(1));
  BOOST_REQUIRE(swept.ok());
  BOOST_TEST(*swept == 1u);
  BOOST_TEST(temporary_files() == 0u);
}

// A full disk refuses the bytes: the write fails with unavailable and leaves
// no file behind. The file size limit stands in for the full disk, in a
// child process so that the limit stays there.
BOOST_AUTO_TEST_CASE(a_full_disk_refuses_bytes_and_leaves_nothing) {
  auto pid = ::fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit{64 << 10, 64 << 10};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    auto sealed = store->seal_bytes(std::string(1 << 20, 'x'));
    bool refused = !sealed.ok() && sealed.error().code == error_code::unavailable;
    ::_exit(refused ? 0 : 1);
  }
  int status = 0;
  BOOST_REQUIRE(::waitpid(pid, &status, 0) == pid);
  BOOST_TEST(WIFEXITED(status));
  BOOST_TEST(WEXITSTATUS(status) == 0);
  BOOST_TEST(temporary_files() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
