#include <boost/test/unit_test.hpp>

#include <caf/scheduled_actor.hpp>
#include <caf/send.hpp>

#include "actors/cluster/dispatcher.hpp"
#include "actors/image/image_registry.hpp"
#include "actors/model/image_id.hpp"
#include "tests/unit/actors/actor_fixture.hpp"
#include "tests/unit/actors/fake_workers.hpp"
#include "tests/unit/actors/image/upload_record.hpp"
#include "tests/unit/actors/memory_store.hpp"

using namespace actors;
using model::error_code;
using test_support::actor_fixture;
using test_support::upload_record;

namespace {

constexpr auto idle_timeout = std::chrono::seconds(60);

model::op_call op(const std::string& name) {
  return {name, {}};
}

command_request command(const std::string& id, const std::string& op_name) {
  command_request request;
  request.image_id = id;
  request.command = {{op(op_name)}, model::base_latest};
  return request;
}

struct registry_fixture : actor_fixture {
  registry_fixture() {
    dispatcher_settings quiet;
    quiet.node_timeout = std::chrono::milliseconds(0);
    dispatcher = stop_at_end(spawn_dispatcher(system, quiet));
    registry_settings settings;
    settings.image.store = &store;
    settings.image.dispatcher = dispatcher;
    settings.image.idle_timeout = idle_timeout;
    registry = stop_at_end(spawn_registry(system, settings));
    run();
  }

  void add_echo_worker() {
    model::node_status node;
    node.id = "node";
    caf::anon_send(dispatcher, enlist_atom::value,
                   worker_offer{node, {test_support::spawn_echo_worker(system, "node")}, {}});
    run();
  }

  std::string upload(const std::string& bytes, const std::string& idempotency_key = {}) {
    auto stored =
        ask<model::image_record>(registry, upload_atom::value,
                                 new_upload{bytes, idempotency_key, upload_record(bytes), nullptr});
    BOOST_REQUIRE_MESSAGE(stored.ok(), (stored.ok() ? std::string() : stored.error().message));
    return stored->id;
  }

  registry_stats stats() {
    auto counts = ask<registry_stats>(registry, status_atom::value);
    BOOST_REQUIRE(counts.ok());
    return *counts;
  }

  registry_snapshot snapshot() {
    auto taken = ask<registry_snapshot>(registry, inspect_atom::value);
    BOOST_REQUIRE(taken.ok());
    return *taken;
  }

  /// The actor of the only live image.
  image_actor only_image_actor() {
    auto images = snapshot().images;
    BOOST_REQUIRE_EQUAL(images.size(), 1u);
    return images.front();
  }

  /// Lets `actor` handle its next message while every other actor waits.
  template<class Handle>
  void step(const Handle& actor) {
    BOOST_REQUIRE(scheduler.prioritize(actor));
    scheduler.run_once();
  }

  /// Lets `actor` handle everything in its mailbox while every other actor
  /// waits.
  template<class Handle>
  void run_only(const Handle& actor) {
    while (scheduler.prioritize(actor))
      scheduler.run_once();
  }

  template<class Handle>
  std::size_t mailbox_size(const Handle& actor) {
    auto* target =
        dynamic_cast<caf::scheduled_actor*>(caf::actor_cast<caf::abstract_actor*>(actor));
    BOOST_REQUIRE(target != nullptr);
    return target->mailbox().size();
  }

  /// Brings `image` (idle) to the point where it offered to stop and the
  /// registry asked it to, but it has not answered yet.
  void start_passivation(const image_actor& image) {
    scheduler.advance_time(idle_timeout);
    step(image);        // its idle check offers to stop
    run_only(registry); // which asks it to stop
    BOOST_REQUIRE_EQUAL(mailbox_size(image), 1u);
  }

  test_support::memory_store store;
  dispatcher_actor dispatcher;
  registry_actor registry;
};

content_selector original() {
  return {content_selector::kind::original, 0};
}

content_selector latest() {
  return {content_selector::kind::latest, 0};
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(image_registry, registry_fixture)

BOOST_AUTO_TEST_CASE(an_upload_creates_a_live_image_actor_and_answers_the_stored_record) {
  auto stored = ask<model::image_record>(
      registry, upload_atom::value, new_upload{"pixels", "", upload_record("pixels"), nullptr});
  BOOST_REQUIRE(stored.ok());
  BOOST_TEST(model::is_valid_image_id(stored->id));
  BOOST_TEST(stored->format == "PNG");
  BOOST_TEST(stored->width == 3u);
  BOOST_TEST(stored->bytes == 6u);
  BOOST_TEST(store.read_original(stored->id).value() == "pixels");
  BOOST_TEST(stats().live == 1u);
  auto image = only_image_actor();
  auto direct = ask<model::image_record>(image, caf::get_atom::value);
  BOOST_REQUIRE(direct.ok());
  BOOST_TEST(direct->id == stored->id);
}

BOOST_AUTO_TEST_CASE(every_upload_gets_a_new_id_and_an_actor_of_its_own) {
  auto first = upload("a");
  auto second = upload("b");
  BOOST_TEST(first != second);
  // Ids sort by creation, even within one millisecond.
  BOOST_TEST(first < second);
  BOOST_TEST(snapshot().images.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_failed_upload_answers_the_store_s_problem_and_leaves_no_actor) {
  store.fail_writes(true);
  auto refused = ask<model::image_record>(registry, upload_atom::value,
                                          new_upload{"a", "", upload_record("a"), nullptr});
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().code == error_code::unavailable);
  BOOST_TEST(stats().live == 0u);
  BOOST_TEST(store.usage()->images == 0u);
}

BOOST_AUTO_TEST_CASE(every_request_reaches_the_actor_of_its_own_image) {
  add_echo_worker();
  auto a = upload("a");
  auto b = upload("b");
  auto on_a = ask<command_reply>(registry, command_atom::value, command(a, "x"));
  auto on_b = ask<command_reply>(registry, command_atom::value, command(b, "y"));
  BOOST_REQUIRE(on_a.ok() && on_b.ok());
  BOOST_TEST(on_a->version.number == 1u);
  BOOST_TEST(on_b->version.number == 1u);

  BOOST_TEST(ask<model::image_record>(registry, caf::get_atom::value, a)->id == a);
  BOOST_TEST(ask<model::image_record>(registry, caf::get_atom::value, b)->id == b);
  BOOST_TEST(ask<model::image_content>(registry, content_atom::value, a, latest())->bytes == "a|x");
  BOOST_TEST(ask<model::image_content>(registry, content_atom::value, b, latest())->bytes == "b|y");
  BOOST_TEST(ask<model::image_content>(registry, content_atom::value, b, original())->bytes == "b");
  auto version_of_b = ask<model::version_record>(registry, version_atom::value, b, 1u);
  BOOST_REQUIRE(version_of_b.ok());
  BOOST_TEST(version_of_b->command.ops.front().name == "y");

  BOOST_REQUIRE(ask<caf::ok_atom>(registry, caf::delete_atom::value, a).ok());
  BOOST_TEST(!store.load_image(a).ok());
  BOOST_TEST(store.load_image(b).ok());
  BOOST_TEST(ask<model::image_record>(registry, caf::get_atom::value, b).ok());
  BOOST_TEST(stats().live == 1u);
}

BOOST_AUTO_TEST_CASE(unknown_and_malformed_ids_are_not_found_for_every_request) {
  for (std::string id : {"01ARZ3NDEKTSV4RRFFQ69G5FAV", "nonsense", "", "../01ARZ3NDEKTSV4RRFFQ6"}) {
    BOOST_TEST_CONTEXT("id \"" << id << "\"") {
      auto image = ask<model::image_record>(registry, caf::get_atom::value, id);
      auto reply = ask<command_reply>(registry, command_atom::value, command(id, "x"));
      auto version = ask<model::version_record>(registry, version_atom::value, id, 1u);
      auto content = ask<model::image_content>(registry, content_atom::value, id, original());
      auto deleted = ask<caf::ok_atom>(registry, caf::delete_atom::value, id);
      BOOST_REQUIRE(!image.ok() && !reply.ok() && !version.ok() && !content.ok() && !deleted.ok());
      BOOST_TEST(image.error().code == error_code::not_found);
      BOOST_TEST(reply.error().code == error_code::not_found);
      BOOST_TEST(version.error().code == error_code::not_found);
      BOOST_TEST(content.error().code == error_code::not_found);
      BOOST_TEST(deleted.error().code == error_code::not_found);
    }
  }
  BOOST_TEST(stats().live == 0u);
}

BOOST_AUTO_TEST_CASE(an_idle_image_is_stopped_and_recreated_from_storage_when_asked_for) {
  add_echo_worker();
  auto id = upload("o");
  BOOST_REQUIRE(ask<command_reply>(registry, command_atom::value, command(id, "a")).ok());
  auto first = only_image_actor();
  advance(idle_timeout);
  auto idle = stats();
  BOOST_TEST(idle.live == 0u);
  BOOST_TEST(idle.passivated == 1u);

  auto image = ask<model::image_record>(registry, caf::get_atom::value, id);
  BOOST_REQUIRE(image.ok());
  BOOST_REQUIRE_EQUAL(image->versions.size(), 1u);
  BOOST_TEST(image->versions[0].status == model::version_status::done);
  BOOST_TEST(ask<model::image_content>(registry, content_atom::value, id, latest())->bytes ==
             "o|a");
  BOOST_TEST((only_image_actor() != first));
  BOOST_TEST(stats().live == 1u);
}

BOOST_AUTO_TEST_CASE(only_the_image_s_own_actor_can_make_it_passivate) {
  auto id = upload("o");
  auto actor = only_image_actor();
  caf::anon_send(registry, passivate_atom::value, id);
  self->send(registry, passivate_atom::value, id);
  run();
  BOOST_TEST(stats().passivated == 0u);
  BOOST_TEST((only_image_actor() == actor));
}

BOOST_AUTO_TEST_CASE(requests_for_a_passivating_image_wait_and_are_served_in_order) {
  auto id = upload("o");
  auto stopping = only_image_actor();
  start_passivation(stopping);

  auto image = self->request(registry, caf::infinite, caf::get_atom::value, id);
  auto first = self->request(registry, caf::infinite, command_atom::value, command(id, "a"));
  auto second = self->request(registry, caf::infinite, command_atom::value, command(id, "b"));
  // Exists only if the commands before it were served first.
  auto second_version = self->request(registry, caf::infinite, version_atom::value, id, 2u);
  auto bytes = self->request(registry, caf::infinite, content_atom::value, id, original());
  run_only(registry);
  BOOST_TEST(!answer<model::image_record>(image).has_value());
  // Nothing joined the stop request in the mailbox of the actor that stops.
  BOOST_TEST(mailbox_size(stopping) == 1u);

  run();
  auto got = answer<model::image_record>(image);
  BOOST_REQUIRE(got && got->ok());
  BOOST_TEST((*got)->id == id);
  auto a = answer<command_reply>(first);
  auto b = answer<command_reply>(second);
  BOOST_REQUIRE(a && a->ok() && b && b->ok());
  BOOST_TEST((*a)->version.number == 1u);
  BOOST_TEST((*b)->version.number == 2u);
  auto version = answer<model::version_record>(second_version);
  BOOST_REQUIRE(version && version->ok());
  BOOST_TEST((*version)->command.ops.front().name == "b");
  auto content = answer<model::image_content>(bytes);
  BOOST_REQUIRE(content && content->ok());
  BOOST_TEST((*content)->bytes == "o");

  auto counts = stats();
  BOOST_TEST(counts.passivated == 1u);
  BOOST_TEST(counts.live == 1u);
  BOOST_TEST((only_image_actor() != stopping));
  BOOST_TEST(store.load_image(id)->versions.size() == 2u);
}

BOOST_AUTO_TEST_CASE(requests_for_an_image_that_stays_busy_wait_and_reach_the_same_actor) {
  auto id = upload("o");
  auto actor = only_image_actor();
  scheduler.advance_time(idle_timeout);
  // The command reaches the actor after its idle check is due but before it
  // runs: the actor offers to stop, then becomes busy, and refuses to stop.
  auto queued = self->request(registry, caf::infinite, command_atom::value, command(id, "a"));
  run_only(registry);
  step(actor);
  run_only(registry);
  BOOST_REQUIRE_EQUAL(mailbox_size(actor), 2u); // the command, then the stop request

  auto image = self->request(registry, caf::infinite, caf::get_atom::value, id);
  auto version = self->request(registry, caf::infinite, version_atom::value, id, 1u);
  run_only(registry);
  BOOST_TEST(!answer<model::image_record>(image).has_value());
  BOOST_TEST(mailbox_size(actor) == 2u);

  run();
  auto recorded = answer<command_reply>(queued);
  BOOST_REQUIRE(recorded && recorded->ok());
  BOOST_TEST((*recorded)->version.number == 1u);
  auto got = answer<model::image_record>(image);
  BOOST_REQUIRE(got && got->ok());
  BOOST_TEST((*got)->versions.size() == 1u);
  auto first_version = answer<model::version_record>(version);
  BOOST_REQUIRE(first_version && first_version->ok());
  BOOST_TEST((*first_version)->command.ops.front().name == "a");

  auto counts = stats();
  BOOST_TEST(counts.passivated == 0u);
  BOOST_TEST(counts.live == 1u);
  BOOST_TEST((only_image_actor() == actor));
}

BOOST_AUTO_TEST_CASE(a_delete_that_arrives_while_passivating_waits_and_the_image_is_gone_after) {
  auto id = upload("o");
  start_passivation(only_image_actor());

  auto before = self->request(registry, caf::infinite, caf::get_atom::value, id);
  auto deleted = self->request(registry, caf::infinite, caf::delete_atom::value, id);
  auto after = self->request(registry, caf::infinite, caf::get_atom::value, id);
  run_only(registry);
  BOOST_TEST(!answer<caf::ok_atom>(deleted).has_value());
  BOOST_TEST(store.load_image(id).ok());

  run();
  auto found = answer<model::image_record>(before);
  BOOST_REQUIRE(found && found->ok());
  BOOST_TEST((*found)->id == id);
  auto ok = answer<caf::ok_atom>(deleted);
  BOOST_REQUIRE(ok);
  BOOST_TEST(ok->ok());
  auto gone = answer<model::image_record>(after);
  BOOST_REQUIRE(gone && !gone->ok());
  BOOST_TEST(gone->error().code == error_code::not_found);

  BOOST_TEST(!store.load_image(id).ok());
  auto counts = stats();
  BOOST_TEST(counts.live == 0u);
  BOOST_TEST(counts.passivated == 1u);
  auto later = ask<model::image_record>(registry, caf::get_atom::value, id);
  BOOST_REQUIRE(!later.ok());
  BOOST_TEST(later.error().code == error_code::not_found);
}

BOOST_AUTO_TEST_CASE(waiting_requests_are_served_from_storage_when_the_stopping_actor_dies) {
  auto id = upload("o");
  auto stopping = only_image_actor();
  start_passivation(stopping);
  auto image = self->request(registry, caf::infinite, caf::get_atom::value, id);
  run_only(registry);
  caf::anon_send_exit(stopping, caf::exit_reason::kill);
  run();
  auto got = answer<model::image_record>(image);
  BOOST_REQUIRE(got);
  BOOST_REQUIRE_MESSAGE(got->ok(), (got->ok() ? std::string() : got->error().message));
  BOOST_TEST((*got)->id == id);
  BOOST_TEST((only_image_actor() != stopping));
}

BOOST_AUTO_TEST_CASE(uploads_retried_while_the_first_is_stored_get_the_first_one_s_answer) {
  auto record = upload_record("o");
  auto first = self->request(registry, caf::infinite, upload_atom::value,
                             new_upload{"o", "frame-1", record, nullptr});
  auto retry = self->request(registry, caf::infinite, upload_atom::value,
                             new_upload{"o", "frame-1", record, nullptr});
  auto again = self->request(registry, caf::infinite, upload_atom::value,
                             new_upload{"o", "frame-1", record, nullptr});
  auto other = self->request(registry, caf::infinite, upload_atom::value,
                             new_upload{"o", "frame-2", record, nullptr});
  run_only(registry);
  // The registry has seen all four; nothing is stored yet.
  BOOST_TEST(store.usage()->images == 0u);
  BOOST_TEST(!answer<model::image_record>(retry).has_value());

  run();
  std::vector<std::string> ids;
  for (auto* pending : {&first, &retry, &again, &other}) {
    auto stored = answer<model::image_record>(*pending);
    BOOST_REQUIRE(stored && stored->ok());
    ids.push_back((*stored)->id);
  }
  BOOST_TEST(ids[1] == ids[0]);
  BOOST_TEST(ids[2] == ids[0]);
  BOOST_TEST(ids[3] != ids[0]);
  BOOST_TEST(store.usage()->images == 2u);
  BOOST_TEST(stats().live == 2u);
  // Once stored, a retry is answered from the key's claim.
  BOOST_TEST(upload("o", "frame-1") == ids[0]);
  BOOST_TEST(stats().live == 2u);
}

BOOST_AUTO_TEST_CASE(retries_of_a_failed_keyed_upload_share_its_failure_and_may_try_again) {
  store.fail_writes(true);
  auto record = upload_record("o");
  auto first = self->request(registry, caf::infinite, upload_atom::value,
                             new_upload{"o", "frame-1", record, nullptr});
  auto retry = self->request(registry, caf::infinite, upload_atom::value,
                             new_upload{"o", "frame-1", record, nullptr});
  run();
  for (auto* pending : {&first, &retry}) {
    auto refused = answer<model::image_record>(*pending);
    BOOST_REQUIRE(refused && !refused->ok());
    BOOST_TEST(refused->error().code == error_code::unavailable);
  }
  store.fail_writes(false);
  auto id = upload("o", "frame-1");
  BOOST_TEST(model::is_valid_image_id(id));
  BOOST_TEST(store.usage()->images == 1u);
}

BOOST_AUTO_TEST_CASE(status_and_inspect_count_live_and_passivated_images) {
  auto counts = stats();
  BOOST_TEST(counts.live == 0u);
  BOOST_TEST(counts.passivated == 0u);
  auto a = upload("a");
  upload("b");
  BOOST_TEST(stats().live == 2u);

  advance(idle_timeout);
  counts = stats();
  BOOST_TEST(counts.live == 0u);
  BOOST_TEST(counts.passivated == 2u);

  BOOST_REQUIRE(ask<model::image_record>(registry, caf::get_atom::value, a).ok());
  auto taken = snapshot();
  BOOST_TEST(taken.counts.live == 1u);
  BOOST_TEST(taken.counts.passivated == 2u);
  BOOST_TEST(taken.mailbox == 0u);
  BOOST_REQUIRE_EQUAL(taken.images.size(), 1u);
  BOOST_TEST(ask<model::image_record>(taken.images.front(), caf::get_atom::value)->id == a);
}

BOOST_AUTO_TEST_CASE(listing_reads_storage_without_waking_image_actors) {
  auto a = upload("a");
  auto b = upload("b");
  advance(idle_timeout);
  model::image_query newest;
  newest.limit = 10;
  auto page = ask<model::image_page>(registry, list_atom::value, newest);
  BOOST_REQUIRE(page.ok());
  BOOST_REQUIRE_EQUAL(page->images.size(), 2u);
  BOOST_TEST(page->images[0].id == b); // newest first
  BOOST_TEST(page->images[1].id == a);
  BOOST_TEST(stats().live == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
