#include <boost/test/unit_test.hpp>

#include <caf/send.hpp>

#include "actors/cluster/dispatcher.hpp"
#include "actors/image/image_registry.hpp"
#include "actors/model/image_id.hpp"
#include "tests/unit/actors/actor_fixture.hpp"
#include "tests/unit/actors/fake_workers.hpp"
#include "tests/unit/actors/image/upload_record.hpp"
#include "tests/unit/actors/memory_store.hpp"

using namespace actors;
using model::version_status;
using test_support::actor_fixture;

namespace {

model::op_call op(const std::string& name) {
  return {name, {}};
}

command_request command(const std::string& id, std::vector<model::op_call> ops,
                        std::int32_t base = model::base_latest, std::uint32_t wait = 0) {
  command_request request;
  request.image_id = id;
  request.command = {std::move(ops), base};
  request.wait_seconds = wait;
  return request;
}

struct registry_fixture : actor_fixture {
  registry_fixture() {
    dispatcher = stop_at_end(spawn_dispatcher(system, {}));
    registry_settings settings;
    settings.image.store = &store;
    settings.image.dispatcher = dispatcher;
    registry = stop_at_end(spawn_registry(system, settings));
    run();
  }

  void add_worker(worker_actor worker) {
    model::node_status node;
    node.id = "node";
    caf::anon_send(dispatcher, enlist_atom::value, worker_offer{node, {std::move(worker)}, {}});
    run();
  }

  std::string upload(const std::string& bytes, std::vector<model::version_record> initial = {},
                     std::string idempotency_key = {}) {
    auto record = test_support::upload_record(bytes);
    record.versions = std::move(initial);
    auto stored = ask<model::image_record>(registry, upload_atom::value,
                                           new_upload{bytes, idempotency_key, record, nullptr});
    BOOST_REQUIRE(stored.ok());
    return stored->id;
  }

  std::string content(const std::string& id, content_selector which) {
    auto bytes = ask<model::image_content>(registry, content_atom::value, id, which);
    BOOST_REQUIRE_MESSAGE(bytes.ok(), (bytes.ok() ? std::string() : bytes.error().message));
    return bytes->bytes;
  }

  test_support::memory_store store;
  dispatcher_actor dispatcher;
  registry_actor registry;
};

content_selector version(std::uint32_t number) {
  return {content_selector::kind::version, number};
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(image_actor_protocol, registry_fixture)

BOOST_AUTO_TEST_CASE(an_upload_is_stored_and_served) {
  auto id = upload("original");
  BOOST_TEST(model::is_valid_image_id(id));
  BOOST_TEST(store.read_original(id).value() == "original");
  auto image = ask<model::image_record>(registry, caf::get_atom::value, id);
  BOOST_REQUIRE(image.ok());
  BOOST_TEST(image->id == id);
  BOOST_TEST(content(id, {}) == "original");
}

BOOST_AUTO_TEST_CASE(commands_run_in_order_each_on_the_previous_result) {
  add_worker(test_support::spawn_echo_worker(system, "node"));
  auto id = upload("o");
  for (auto name : {"a", "b", "c"}) {
    auto recorded = ask<command_reply>(registry, command_atom::value, command(id, {op(name)}));
    BOOST_REQUIRE(recorded.ok());
  }
  BOOST_TEST(content(id, version(1)) == "o|a");
  BOOST_TEST(content(id, version(2)) == "o|a|b");
  BOOST_TEST(content(id, version(3)) == "o|a|b|c");
  BOOST_TEST(content(id, {content_selector::kind::latest, 0}) == "o|a|b|c");
  auto third = ask<model::version_record>(registry, version_atom::value, id, 3u);
  BOOST_REQUIRE(third.ok());
  BOOST_TEST(third->status == version_status::done);
  BOOST_TEST(third->source == 2u);
  BOOST_TEST(third->output.node == "node");
}

BOOST_AUTO_TEST_CASE(a_command_is_recorded_before_it_is_acknowledged) {
  auto id = upload("o");
  auto recorded = ask<command_reply>(registry, command_atom::value, command(id, {op("a")}));
  BOOST_REQUIRE(recorded.ok());
  BOOST_TEST(recorded->version.number == 1u);
  BOOST_TEST(!recorded->settled);
  auto stored = store.load_image(id);
  BOOST_REQUIRE(stored.ok());
  BOOST_REQUIRE(stored->versions.size() == 1u);
  BOOST_TEST(stored->versions[0].command.ops.front().name == "a");
}

BOOST_AUTO_TEST_CASE(base_original_and_base_number_choose_the_source) {
  add_worker(test_support::spawn_echo_worker(system, "node"));
  auto id = upload("o");
  ask<command_reply>(registry, command_atom::value, command(id, {op("a")}));
  ask<command_reply>(registry, command_atom::value, command(id, {op("b")}));
  ask<command_reply>(registry, command_atom::value, command(id, {op("c")}, model::base_original));
  ask<command_reply>(registry, command_atom::value, command(id, {op("d")}, 1));
  BOOST_TEST(content(id, version(3)) == "o|c");
  BOOST_TEST(content(id, version(4)) == "o|a|d");
}

BOOST_AUTO_TEST_CASE(a_base_that_does_not_exist_is_refused) {
  auto id = upload("o");
  auto refused = ask<command_reply>(registry, command_atom::value, command(id, {op("a")}, 1));
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().code == model::error_code::invalid_request);
  BOOST_TEST(store.load_image(id)->versions.empty());
}

BOOST_AUTO_TEST_CASE(waiting_answers_once_the_version_is_done) {
  add_worker(test_support::spawn_echo_worker(system, "node"));
  auto id = upload("o");
  auto done = ask<command_reply>(registry, command_atom::value, command(id, {op("a")}, -1, 5));
  BOOST_REQUIRE(done.ok());
  BOOST_TEST(done->settled);
  BOOST_TEST(done->version.status == version_status::done);
  // Its queued record needed no sync of its own: the result's write synced it.
  BOOST_TEST(store.sync_count() == 0u);
}

BOOST_AUTO_TEST_CASE(waiting_answers_unsettled_when_the_wait_is_over) {
  add_worker(stop_at_end(test_support::spawn_silent_worker(system)));
  auto id = upload("o");
  auto pending =
      self->request(registry, caf::infinite, command_atom::value, command(id, {op("a")}, -1, 2));
  run();
  BOOST_TEST(!answer<command_reply>(pending).has_value());
  BOOST_TEST(store.sync_count() == 0u);
  advance(std::chrono::seconds(2));
  auto reply = answer<command_reply>(pending);
  BOOST_REQUIRE(reply && reply->ok());
  BOOST_TEST(!(*reply)->settled);
  BOOST_TEST((*reply)->version.status == version_status::running);
  // Accepted but not settled: the record was synced before the answer.
  BOOST_TEST(store.sync_count() == 1u);

  // A command without wait is written synced: no further sync.
  auto queued = ask<command_reply>(registry, command_atom::value, command(id, {op("b")}));
  BOOST_REQUIRE(queued.ok());
  BOOST_TEST(!queued->settled);
  BOOST_TEST(store.sync_count() == 1u);
}

BOOST_AUTO_TEST_CASE(an_unsettled_answer_waits_for_the_disk_or_fails) {
  add_worker(stop_at_end(test_support::spawn_silent_worker(system)));
  auto id = upload("o");
  auto keyed = command(id, {op("a")}, -1, 2);
  keyed.idempotency_key = "cmd-1";
  auto pending = self->request(registry, caf::infinite, command_atom::value, keyed);
  run();
  // A retry without wait acknowledges the unsettled version: it syncs first,
  // and refuses when the disk fails.
  store.fail_writes(true);
  keyed.wait_seconds = 0;
  auto refused = ask<command_reply>(registry, command_atom::value, keyed);
  BOOST_TEST(!refused.ok());
  store.fail_writes(false);
  auto retried = ask<command_reply>(registry, command_atom::value, keyed);
  BOOST_REQUIRE(retried.ok());
  BOOST_TEST(!retried->settled);
  BOOST_TEST(store.sync_count() == 1u);
  advance(std::chrono::seconds(2));
  auto reply = answer<command_reply>(pending);
  BOOST_REQUIRE(reply && reply->ok());
  BOOST_TEST(store.sync_count() == 1u); // nothing written since
}

BOOST_AUTO_TEST_CASE(content_of_unfinished_or_failed_versions_is_refused) {
  add_worker(test_support::spawn_rejecting_worker(system));
  auto id = upload("o");
  ask<command_reply>(registry, command_atom::value, command(id, {op("a")}));
  auto failed = ask<model::image_content>(registry, content_atom::value, id, version(1));
  BOOST_REQUIRE(!failed.ok());
  BOOST_TEST(failed.error().code == model::error_code::version_failed);
  auto record = ask<model::version_record>(registry, version_atom::value, id, 1u);
  BOOST_TEST(record->status == version_status::failed);
  BOOST_TEST(record->error.code == "corrupt_image");
  BOOST_TEST(record->error.message == "scripted rejection");
  auto missing = ask<model::image_content>(registry, content_atom::value, id, version(2));
  BOOST_TEST(missing.error().code == model::error_code::not_found);
}

BOOST_AUTO_TEST_CASE(a_queued_version_is_not_ready) {
  auto id = upload("o");
  ask<command_reply>(registry, command_atom::value, command(id, {op("a")}));
  auto queued = ask<model::image_content>(registry, content_atom::value, id, version(1));
  BOOST_REQUIRE(!queued.ok());
  BOOST_TEST(queued.error().code == model::error_code::version_not_ready);
}

BOOST_AUTO_TEST_CASE(a_deleted_image_is_gone) {
  auto id = upload("o");
  auto deleted = ask<caf::ok_atom>(registry, caf::delete_atom::value, id);
  BOOST_REQUIRE(deleted.ok());
  auto image = ask<model::image_record>(registry, caf::get_atom::value, id);
  BOOST_REQUIRE(!image.ok());
  BOOST_TEST(image.error().code == model::error_code::not_found);
  BOOST_TEST(!store.load_image(id).ok());
}

BOOST_AUTO_TEST_CASE(unknown_and_malformed_ids_are_not_found) {
  for (auto id : {"01ARZ3NDEKTSV4RRFFQ69G5FAV", "nonsense"}) {
    auto image = ask<model::image_record>(registry, caf::get_atom::value, std::string(id));
    BOOST_REQUIRE(!image.ok());
    BOOST_TEST(image.error().code == model::error_code::not_found);
  }
}

BOOST_AUTO_TEST_CASE(a_failing_store_refuses_the_command_and_queues_nothing) {
  add_worker(test_support::spawn_echo_worker(system, "node"));
  auto id = upload("o");
  store.fail_writes(true);
  auto refused = ask<command_reply>(registry, command_atom::value, command(id, {op("a")}));
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().code == model::error_code::unavailable);
  store.fail_writes(false);
  auto image = ask<model::image_record>(registry, caf::get_atom::value, id);
  BOOST_TEST(image->versions.empty());
}

BOOST_AUTO_TEST_CASE(unfinished_versions_resume_after_a_restart) {
  auto id = upload("o");
  // What a crash leaves behind: one version marked running, one queued.
  model::version_record running;
  running.number = 1;
  running.status = version_status::running;
  running.command.ops = {op("a")};
  model::version_record queued;
  queued.number = 2;
  queued.command.ops = {op("b")};
  store.put_version(id, running);
  store.put_version(id, queued);
  // A new registry over the same storage, as after a restart.
  registry_settings settings;
  settings.image.store = &store;
  settings.image.dispatcher = dispatcher;
  auto restarted = stop_at_end(spawn_registry(system, settings));
  add_worker(test_support::spawn_echo_worker(system, "node"));
  caf::anon_send(restarted, resume_atom::value);
  run();
  auto image = store.load_image(id);
  BOOST_REQUIRE(image.ok());
  BOOST_TEST(image->versions[0].status == version_status::done);
  BOOST_TEST(image->versions[1].status == version_status::done);
  BOOST_TEST(store.read_version(id, 2).value() == "o|a|b");
}

BOOST_AUTO_TEST_CASE(a_failing_actor_answers_500_and_restarts_from_storage) {
  auto failing = upload("a");
  auto healthy = upload("b");
  store.throw_on_next_read();
  auto failed =
      ask<model::image_content>(registry, content_atom::value, failing, content_selector{});
  BOOST_REQUIRE(!failed.ok());
  BOOST_TEST(failed.error().code == model::error_code::internal_error);
  // The failure cost that request only: the image is served again, recreated
  // from storage, and the other image never noticed.
  BOOST_TEST(content(failing, {}) == "a");
  BOOST_TEST(content(healthy, {}) == "b");
}

BOOST_AUTO_TEST_CASE(an_idle_actor_passivates_and_comes_back_from_storage) {
  add_worker(test_support::spawn_echo_worker(system, "node"));
  auto id = upload("o");
  ask<command_reply>(registry, command_atom::value, command(id, {op("a")}));
  auto before = ask<registry_stats>(registry, status_atom::value);
  BOOST_TEST(before->live == 1u);
  advance(std::chrono::seconds(61));
  auto after = ask<registry_stats>(registry, status_atom::value);
  BOOST_TEST(after->live == 0u);
  BOOST_TEST(after->passivated == 1u);
  auto image = ask<model::image_record>(registry, caf::get_atom::value, id);
  BOOST_REQUIRE(image.ok());
  BOOST_TEST(image->versions.size() == 1u);
  BOOST_TEST(image->versions[0].status == version_status::done);
  BOOST_TEST(ask<registry_stats>(registry, status_atom::value)->live == 1u);
}

BOOST_AUTO_TEST_CASE(a_busy_actor_does_not_passivate) {
  add_worker(stop_at_end(test_support::spawn_silent_worker(system)));
  auto id = upload("o");
  ask<command_reply>(registry, command_atom::value, command(id, {op("a")}));
  advance(std::chrono::seconds(61));
  auto stats = ask<registry_stats>(registry, status_atom::value);
  BOOST_TEST(stats->live == 1u);
  BOOST_TEST(stats->passivated == 0u);
}

BOOST_AUTO_TEST_CASE(requests_during_passivation_are_served) {
  auto id = upload("o");
  scheduler.advance_time(std::chrono::seconds(61));
  // The actor's offer to stop and a request for the image race: the request
  // must be answered whatever the order.
  auto pending = self->request(registry, caf::infinite, caf::get_atom::value, id);
  run();
  auto image = answer<model::image_record>(pending);
  BOOST_REQUIRE(image && image->ok());
  BOOST_TEST((*image)->id == id);
}

BOOST_AUTO_TEST_CASE(a_retried_upload_returns_the_first_image) {
  auto first = upload("o", {}, "camera-7/frame-1");
  auto retried = upload("o", {}, "camera-7/frame-1");
  auto other = upload("o", {}, "camera-7/frame-2");
  BOOST_TEST(first == retried);
  BOOST_TEST(first != other);
  BOOST_TEST(store.usage()->images == 2u);
}

BOOST_AUTO_TEST_CASE(concurrent_retries_of_an_upload_share_one_image) {
  model::image_record record;
  record.format = "PNG";
  record.bytes = 1;
  record.created_ms = 1'700'000'000'000;
  auto a = self->request(registry, caf::infinite, upload_atom::value,
                         new_upload{"o", "k", record, nullptr});
  auto b = self->request(registry, caf::infinite, upload_atom::value,
                         new_upload{"o", "k", record, nullptr});
  run();
  auto first = answer<model::image_record>(a);
  auto second = answer<model::image_record>(b);
  BOOST_REQUIRE(first && first->ok() && second && second->ok());
  BOOST_TEST((*first)->id == (*second)->id);
  BOOST_TEST(store.usage()->images == 1u);
}

BOOST_AUTO_TEST_CASE(a_retried_command_returns_the_first_version) {
  add_worker(test_support::spawn_echo_worker(system, "node"));
  auto id = upload("o");
  auto keyed = command(id, {op("a")});
  keyed.idempotency_key = "cmd-1";
  auto first = ask<command_reply>(registry, command_atom::value, keyed);
  auto retried = ask<command_reply>(registry, command_atom::value, keyed);
  BOOST_REQUIRE(first.ok() && retried.ok());
  BOOST_TEST(first->version.number == retried->version.number);
  BOOST_TEST(retried->version.status == version_status::done);
  BOOST_TEST(store.load_image(id)->versions.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
