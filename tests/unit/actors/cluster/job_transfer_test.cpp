#include <boost/test/unit_test.hpp>

#include <optional>

#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/cluster/dispatcher.hpp"
#include "actors/cluster/worker.hpp"
#include "actors/model/digest.hpp"
#include "storage/byte_store.hpp"
#include "tests/support/byte_store_fixture.hpp"
#include "tests/support/test_images.hpp"
#include "tests/unit/actors/actor_fixture.hpp"
#include "tests/unit/actors/fake_workers.hpp"

// How a job's bytes reach its worker: by name in the head's byte store for
// workers that share it, as bytes for the others.

using namespace actors;
using test_support::actor_fixture;

namespace {

constexpr const char* head_store = "head-store";

struct transfer_fixture : actor_fixture, test_support::byte_store_fixture {
  /// Hands out one job whose input is `input` in the byte store.
  job_source_actor source_of(const model::blob_ref& input) {
    return system.spawn([input](job_source_actor::pointer) -> job_source_actor::behavior_type {
      return {
          [input](load_atom, std::uint32_t version) {
            job work;
            work.image_id = "image";
            work.version = version;
            work.input_format = "PNG";
            work.ops = {{"grayscale", {}}};
            work.input_blob = input;
            return work;
          },
      };
    });
  }

  dispatcher_actor start() {
    dispatcher_settings settings;
    settings.node_timeout = std::chrono::milliseconds(0);
    settings.byte_store_root = root;
    settings.store_id = head_store;
    auto dispatcher = stop_at_end(spawn_dispatcher(system, settings));
    run();
    return dispatcher;
  }

  void enlist(const dispatcher_actor& dispatcher, const std::string& node, std::string store_id) {
    model::node_status status;
    status.id = node;
    caf::anon_send(
        dispatcher, enlist_atom::value,
        worker_offer{status, {test_support::spawn_echo_worker(system, node)}, std::move(store_id)});
    run();
  }

  model::outcome<job_result> submit(const dispatcher_actor& dispatcher,
                                    const model::blob_ref& input) {
    auto pending = self->request(dispatcher, caf::infinite, submit_atom::value,
                                 job_ticket{"image", 1, source_of(input)});
    run();
    auto result = answer<job_result>(pending);
    BOOST_REQUIRE(result.has_value());
    return std::move(*result);
  }
};

/// Real workers: detached actors, each on its own thread, so they run on
/// CAF's real scheduler.
struct worker_fixture : test_support::byte_store_fixture {
  worker_fixture() : system(config.announced()), self(system) {}

  model::outcome<job_result> run_on(const worker_actor& worker, const job& work) {
    std::optional<model::outcome<job_result>> result;
    self->request(worker, std::chrono::seconds(30), run_atom::value, work)
        .receive([&](job_result& done) { result = std::move(done); },
                 [&](caf::error& failure) { result = to_problem(failure); });
    caf::anon_send_exit(worker, caf::exit_reason::user_shutdown);
    BOOST_REQUIRE(result.has_value());
    return std::move(*result);
  }

  struct announced_config : caf::actor_system_config {
    announced_config& announced() {
      announce_protocol(*this);
      return *this;
    }
  } config;
  caf::actor_system system;
  caf::scoped_actor self;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(job_transfer, transfer_fixture)

BOOST_AUTO_TEST_CASE(a_worker_sharing_the_byte_store_gets_the_name_of_the_bytes) {
  auto dispatcher = start();
  enlist(dispatcher, "local", head_store);
  auto input = put("original bytes");
  auto result = submit(dispatcher, input);
  BOOST_REQUIRE(result.ok());
  BOOST_TEST(result->bytes == "blob " + input.sha256 + " to store|grayscale");
}

BOOST_AUTO_TEST_CASE(a_worker_elsewhere_gets_the_bytes_read_from_the_store) {
  auto dispatcher = start();
  enlist(dispatcher, "remote", "another-store");
  auto result = submit(dispatcher, put("original bytes"));
  BOOST_REQUIRE(result.ok());
  BOOST_TEST(result->bytes == "original bytes|grayscale");
}

BOOST_AUTO_TEST_CASE(bytes_missing_from_the_store_fail_the_job_without_retrying) {
  auto dispatcher = start();
  enlist(dispatcher, "remote", "");
  auto input = put("soon gone");
  BOOST_REQUIRE(store->remove(input.sha256).ok());
  auto result = submit(dispatcher, input);
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(result.error().code == model::error_code::not_found);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(worker_byte_store, worker_fixture)

BOOST_AUTO_TEST_CASE(a_worker_reads_its_input_from_the_store_and_leaves_its_result_there) {
  auto original = test_images::gradient(imaging::image_format::png, 64, 48);
  job work;
  work.image_id = "image";
  work.version = 1;
  work.input_format = "PNG";
  work.ops = {{"resize", {"32", "24"}}};
  work.input_blob = put(original);
  work.result_to_store = true;
  auto result = run_on(spawn_worker(system, {"local", {}, root}), work);
  BOOST_REQUIRE(result.ok());
  const auto& done = *result;
  BOOST_TEST(done.bytes.empty());
  BOOST_REQUIRE(!done.stored.empty());
  BOOST_TEST(done.output.width == 32u);
  auto adopted = store->adopt(done.stored);
  BOOST_REQUIRE(adopted.ok());
  BOOST_TEST(adopted->ref().sha256 == done.output.sha256);
  BOOST_TEST(adopted->ref().size == done.output.bytes);
  BOOST_TEST(
      test_images::decode(*storage::read_checked_file(adopted->path(), adopted->ref())).columns() ==
      32u);
}

BOOST_AUTO_TEST_CASE(a_worker_without_the_store_refuses_a_job_by_name) {
  job work;
  work.image_id = "image";
  work.version = 1;
  work.input_format = "PNG";
  work.input_blob = put("bytes");
  auto result = run_on(spawn_worker(system, {"remote", {}, ""}), work);
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(result.error().code == model::error_code::internal_error);
  BOOST_TEST(result.error().message.find("worker.shared-storage") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
