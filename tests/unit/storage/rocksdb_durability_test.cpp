// Durability and exclusive access, checked across real processes: a child
// writes through its own store and is killed with SIGKILL right after its
// calls return; the parent then reopens the store and looks.

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <fstream>
#include <functional>
#include <sys/wait.h>
#include <unistd.h>

#include "actors/model/digest.hpp"
#include "tests/unit/storage/store_fixture.hpp"

using namespace storage_test;
using model::error_code;
using model::version_status;

namespace {

constexpr char child_succeeded = 'y';
constexpr char child_failed = 'n';

// A forked process that runs `work`, reports its result through a pipe and
// then waits, doing nothing, until it is killed.
class child_process {
public:
  explicit child_process(const std::function<bool()>& work) {
    int fds[2];
    BOOST_REQUIRE(::pipe(fds) == 0);
    pid_ = ::fork();
    BOOST_REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::close(fds[0]);
      char report = child_failed;
      try {
        report = work() ? child_succeeded : child_failed;
      } catch (...) {
      }
      // The report is written only after every call of `work` returned.
      (void)!::write(fds[1], &report, 1);
      for (;;)
        ::pause();
    }
    ::close(fds[1]);
    report_fd_ = fds[0];
  }

  ~child_process() {
    kill_now();
    ::close(report_fd_);
  }

  /// Blocks until the child reported; true if its work succeeded.
  bool wait_for_report() {
    char report = child_failed;
    return ::read(report_fd_, &report, 1) == 1 && report == child_succeeded;
  }

  /// SIGKILL, then reaps the child; true if it died of that signal.
  bool kill_now() {
    if (pid_ <= 0)
      return false;
    ::kill(pid_, SIGKILL);
    int status = 0;
    auto reaped = ::waitpid(pid_, &status, 0) == pid_;
    pid_ = -1;
    return reaped && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  }

private:
  pid_t pid_ = -1;
  int report_fd_ = -1;
};

// Runs `write` against the store at `path` in a child process and kills the
// child as soon as `write` returned true.
void write_then_get_killed(const std::string& path,
                           const std::function<bool(storage::image_store&)>& write) {
  child_process child([&] {
    storage::store_options options;
    options.path = path;
    auto store = storage::image_store::open(options);
    return store.ok() && write(**store);
  });
  BOOST_REQUIRE(child.wait_for_report());
  BOOST_REQUIRE(child.kill_now());
}

storage::store_options options_for(const std::string& path) {
  storage::store_options options;
  options.path = path;
  return options;
}

} // namespace

BOOST_AUTO_TEST_SUITE(durability)

BOOST_AUTO_TEST_CASE(acknowledged_writes_survive_kill_9) {
  temp_directory directory;
  auto path = directory.store_path();
  auto original = test_bytes(3 << 20, 20);
  auto image = sample_image(next_id(), original.size());
  image.sha256 = model::sha256_hex(original); // what create() records, in the child
  image.versions = {sample_version(1, version_status::queued)};

  write_then_get_killed(
      path, [&](storage::image_store& store) { return create(store, image, original).ok(); });
  {
    auto store = open_store(path);
    check_same_image(*store->load_image(image.id), image);
    BOOST_TEST((*store->read_original(image.id) == original));
    BOOST_TEST(*store->images_with_unfinished_versions() == std::vector<std::string>{image.id});
  }

  auto bytes = test_bytes(2 << 20, 21);
  auto done = sample_version(1, version_status::done, bytes.size());
  done.output.sha256 = model::sha256_hex(bytes);
  write_then_get_killed(path, [&](storage::image_store& store) {
    return finish(store, image.id, done, bytes).ok();
  });
  auto store = open_store(path);
  check_same_version(store->load_image(image.id)->versions.at(0), done);
  BOOST_TEST((*store->read_version(image.id, 1) == bytes));
  BOOST_TEST(store->images_with_unfinished_versions()->empty());
  BOOST_TEST(store->usage()->live_bytes == original.size() + bytes.size());
}

BOOST_AUTO_TEST_CASE(claims_written_with_their_image_and_version_survive_kill_9) {
  temp_directory directory;
  auto path = directory.store_path();
  auto original = test_bytes(1 << 20, 22);
  auto image = sample_image(next_id(), original.size());
  image.sha256 = model::sha256_hex(original);
  constexpr std::int64_t now_ms = 1'700'000'000'000;
  storage::idempotency_claim claim{"upload-1", now_ms, now_ms + 60'000};

  write_then_get_killed(path, [&](storage::image_store& store) {
    return create(store, image, original, claim).ok();
  });
  {
    auto store = open_store(path);
    check_same_image(*store->load_image(image.id), image);
    BOOST_TEST((*store->read_original(image.id) == original));
    BOOST_TEST(store->find_upload("upload-1", now_ms)->value_or("") == image.id);
  }

  claim.key = "command-1";
  write_then_get_killed(path, [&](storage::image_store& store) {
    return store.put_version(image.id, sample_version(1, version_status::queued), claim).ok();
  });
  auto store = open_store(path);
  BOOST_TEST(store->load_image(image.id)->versions.size() == 1u);
  BOOST_TEST(store->find_command(image.id, "command-1", now_ms)->value_or(0) == 1u);
}

// Versions written without a disk sync (a command that waits, a version
// that starts) must still survive the death of the process, claims included.
BOOST_AUTO_TEST_CASE(buffered_writes_survive_kill_9) {
  temp_directory directory;
  auto path = directory.store_path();
  auto image = sample_image(next_id(), 1000);
  image.versions = {sample_version(1, version_status::queued)};
  auto running = sample_version(1, version_status::running);
  running.attempts = 2;
  constexpr std::int64_t now_ms = 1'700'000'000'000;
  storage::idempotency_claim claim{"command-2", now_ms, now_ms + 60'000};
  write_then_get_killed(path, [&](storage::image_store& store) {
    return create(store, image, test_bytes(1000, 23)).ok() &&
           store.start_version(image.id, running).ok() &&
           store.put_version_buffered(image.id, sample_version(2, version_status::queued), &claim)
               .ok() &&
           store.sync_writes().ok();
  });
  auto store = open_store(path);
  auto versions = store->load_image(image.id)->versions;
  BOOST_REQUIRE_EQUAL(versions.size(), 2u);
  check_same_version(versions.at(0), running);
  check_same_version(versions.at(1), sample_version(2, version_status::queued));
  BOOST_TEST(store->find_command(image.id, "command-2", now_ms)->value_or(0) == 2u);
  BOOST_TEST(*store->images_with_unfinished_versions() == std::vector<std::string>{image.id});
  check_problem(store->start_version(image.id, sample_version(1, version_status::queued)),
                error_code::internal_error, "running");
}

BOOST_AUTO_TEST_CASE(store_open_in_another_process_is_refused_until_it_exits) {
  temp_directory directory;
  auto path = directory.store_path();
  child_process holder([&] {
    auto store = storage::image_store::open(options_for(path));
    // Released, not closed: the store stays open until the child is killed.
    return store.ok() && store->release() != nullptr;
  });
  BOOST_REQUIRE(holder.wait_for_report());

  check_problem(storage::image_store::open(options_for(path)), error_code::unavailable,
                "storage at " + path + " is in use by another process");
  BOOST_REQUIRE(holder.kill_now());
  BOOST_TEST(storage::image_store::open(options_for(path)).ok());
}

BOOST_AUTO_TEST_CASE(store_open_twice_in_one_process_is_refused) {
  temp_directory directory;
  auto store = open_store(directory.store_path());
  check_problem(storage::image_store::open(options_for(directory.store_path())),
                error_code::unavailable, "is already open in this process");
}

BOOST_AUTO_TEST_CASE(paths_that_cannot_hold_a_store_are_refused) {
  temp_directory directory;
  auto file = (directory.path() / "file").string();
  std::ofstream(file) << "data";
  check_problem(storage::image_store::open(options_for(file)), error_code::unavailable,
                "storage at " + file + " is not a directory");
  check_problem(storage::image_store::open(options_for(directory.path().string())),
                error_code::unavailable, "is not a RocksDB database");
  check_problem(storage::image_store::open(options_for("")), error_code::unavailable, "empty");

  auto tiny_buffer = options_for(directory.store_path());
  tiny_buffer.write_buffer_bytes = 1000;
  check_problem(storage::image_store::open(tiny_buffer), error_code::unavailable, "1 MiB");
}

BOOST_AUTO_TEST_CASE(missing_parent_directories_are_created) {
  temp_directory directory;
  auto nested = (directory.path() / "a" / "b" / "store").string();
  BOOST_TEST(storage::image_store::open(options_for(nested)).ok());
}

BOOST_AUTO_TEST_SUITE_END()
