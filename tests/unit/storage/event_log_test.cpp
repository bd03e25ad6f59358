// The outbox of image events and the webhooks kept beside it.

#include <boost/test/unit_test.hpp>

#include "actors/model/clock.hpp"
#include "storage/event_sequence.hpp"
#include "tests/unit/storage/store_fixture.hpp"

using namespace storage_test;
using model::error_code;
using model::event_type;
using model::version_status;

namespace {

struct events_fixture : store_fixture {
  storage::event_log& log() {
    BOOST_REQUIRE(store->events() != nullptr);
    return *store->events();
  }

  std::vector<model::image_event> after(const std::string& id, std::size_t limit = 100) {
    auto events = log().events_after(id, limit);
    BOOST_REQUIRE_MESSAGE(events.ok(), (events.ok() ? "" : events.error().message));
    return *events;
  }

  static std::vector<std::string> types_of(const std::vector<model::image_event>& events) {
    std::vector<std::string> types;
    for (const auto& event : events)
      types.push_back(model::to_string(event.type));
    return types;
  }
};

model::webhook sample_webhook(const std::string& id) {
  model::webhook hook;
  hook.id = id;
  hook.url = "http://127.0.0.1:9/hook";
  hook.filter.types = {event_type::version_done, event_type::image_deleted};
  hook.filter.labels = {{"line", "3"}};
  hook.secret = "s3cret";
  hook.created_ms = 1'700'000'000'000;
  hook.created_by = "ops";
  return hook;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(event_log, events_fixture)

BOOST_AUTO_TEST_CASE(every_change_writes_its_event_in_commit_order) {
  auto image = sample_image(next_id(), 0);
  BOOST_REQUIRE(create(*store, image, "frame").ok());
  BOOST_REQUIRE(store->put_version(image.id, sample_version(1, version_status::queued)).ok());
  auto done = sample_version(1, version_status::done);
  done.source = 0;
  BOOST_REQUIRE(finish(*store, image.id, done, "result").ok());
  BOOST_REQUIRE(store->put_version(image.id, sample_version(2, version_status::running)).ok());
  BOOST_REQUIRE(store->put_version(image.id, sample_version(2, version_status::failed)).ok());
  // A failed version written again is not a new failure.
  BOOST_REQUIRE(store->put_version(image.id, sample_version(2, version_status::failed)).ok());
  BOOST_REQUIRE(store->delete_image(image.id).ok());

  auto events = after("");
  BOOST_TEST(types_of(events) == (std::vector<std::string>{"image.created", "version.done",
                                                           "version.failed", "image.deleted"}));
  for (std::size_t i = 1; i < events.size(); ++i)
    BOOST_TEST(events[i - 1].id < events[i].id);
  for (const auto& event : events) {
    BOOST_TEST(event.image.id == image.id);
    BOOST_TEST((event.image.labels == image.labels));
    BOOST_TEST(event.time_ms > 0);
  }
  BOOST_TEST(events[1].version.number == 1u);
  BOOST_TEST(events[1].version.output.sha256 == done.output.sha256);
  BOOST_TEST(events[2].version.error.code == "operation_failed");
  BOOST_TEST(events[0].version.number == 0u);

  // Paging by id.
  auto first_two = after("", 2);
  BOOST_REQUIRE(first_two.size() == 2u);
  BOOST_TEST(types_of(after(first_two.back().id)) ==
             (std::vector<std::string>{"version.failed", "image.deleted"}));
  BOOST_TEST(*log().newest_event_id() == events.back().id);
}

BOOST_AUTO_TEST_CASE(events_outlive_a_restart_and_later_ones_sort_after_them) {
  BOOST_REQUIRE(create(*store, sample_image(next_id(), 0), "one").ok());
  auto before = after("");
  BOOST_REQUIRE(before.size() == 1u);
  reopen();
  BOOST_REQUIRE(create(*store, sample_image(next_id(), 0), "two").ok());
  auto all = after("");
  BOOST_REQUIRE(all.size() == 2u);
  BOOST_TEST(all[0].id == before[0].id);
  BOOST_TEST(all[0].id < all[1].id);
}

BOOST_AUTO_TEST_CASE(a_refused_write_writes_no_event) {
  auto image = sample_image(next_id(), 0);
  BOOST_REQUIRE(create(*store, image, "frame").ok());
  check_problem(create(*store, image, "frame"), error_code::conflict);
  check_problem(store->delete_image(next_id()), error_code::not_found);
  BOOST_TEST(after("").size() == 1u);
}

BOOST_AUTO_TEST_CASE(old_events_are_forgotten_up_to_a_cursor) {
  for (int i = 0; i < 3; ++i)
    BOOST_REQUIRE(create(*store, sample_image(next_id(), 0), "frame " + std::to_string(i)).ok());
  auto events = after("");
  BOOST_REQUIRE(events.size() == 3u);
  // Up to the second, but only what is old enough.
  BOOST_TEST(*log().forget_events(events[1].id, events[0].time_ms, 10) == 0u);
  BOOST_TEST(*log().forget_events(events[1].id, model::now_ms() + 1, 10) == 2u);
  auto left = after("");
  BOOST_REQUIRE(left.size() == 1u);
  BOOST_TEST(left[0].id == events[2].id);
  BOOST_TEST(*log().forget_events("", model::now_ms() + 1, 10) == 0u);
}

BOOST_AUTO_TEST_CASE(webhooks_and_their_delivery_state_are_kept) {
  auto hook = sample_webhook("w1");
  BOOST_REQUIRE(log().add_webhook(hook).ok());
  check_problem(log().add_webhook(hook), error_code::conflict);
  BOOST_REQUIRE(log().add_webhook(sample_webhook("w2")).ok());
  BOOST_TEST(!log().delivery_state("w1")->has_value());
  model::delivery_state state;
  state.cursor = "0000000001-000000000007";
  state.attempts = 3;
  state.failing_since_ms = 5;
  state.next_attempt_ms = 9;
  state.delivered = 12;
  state.given_up = 1;
  state.recent.push_back(
      {"0000000001-000000000008", 7, 503, 3, "retrying", "503 Service Unavailable"});
  BOOST_REQUIRE(log().put_delivery_state("w1", state).ok());
  reopen();
  auto hooks = log().webhooks();
  BOOST_REQUIRE(hooks.ok());
  BOOST_REQUIRE(hooks->size() == 2u);
  const auto& kept = hooks->front();
  BOOST_TEST(kept.id == "w1");
  BOOST_TEST(kept.url == hook.url);
  BOOST_TEST((kept.filter.types == hook.filter.types));
  BOOST_TEST((kept.filter.labels == hook.filter.labels));
  BOOST_TEST(kept.secret == hook.secret);
  BOOST_TEST(kept.created_by == "ops");
  auto stored = log().delivery_state("w1");
  BOOST_REQUIRE(stored.ok() && stored->has_value());
  BOOST_TEST((*stored)->cursor == state.cursor);
  BOOST_TEST((*stored)->attempts == 3u);
  BOOST_TEST((*stored)->delivered == 12u);
  BOOST_REQUIRE((*stored)->recent.size() == 1u);
  BOOST_TEST((*stored)->recent[0].status == 503);
  BOOST_TEST((*stored)->recent[0].outcome == "retrying");

  BOOST_REQUIRE(log().delete_webhook("w1").ok());
  check_problem(log().delete_webhook("w1"), error_code::not_found);
  BOOST_TEST(!log().delivery_state("w1")->has_value());
  BOOST_TEST(log().webhooks()->size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

// Ids given out but not yet committed hold readers back, so that no reader
// passes an event that commits later with a smaller id.
BOOST_AUTO_TEST_CASE(readers_stop_below_the_oldest_id_still_being_written) {
  storage::event_sequence ids(7);
  auto first = ids.take();
  auto second = ids.take();
  BOOST_TEST(first.id() == "0000000007-000000000001");
  BOOST_TEST(first.id() < second.id());
  BOOST_TEST(ids.readable() == first.id()); // exclusive: nothing is readable
  { auto gone = std::move(second); }
  BOOST_TEST(ids.readable() == first.id());
  { auto gone = std::move(first); }
  BOOST_TEST(ids.readable() == "0000000007-000000000003");
}
