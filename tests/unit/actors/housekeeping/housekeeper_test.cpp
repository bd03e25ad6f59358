#include <boost/test/unit_test.hpp>

#include <chrono>
#include <thread>

#include <caf/actor_system.hpp>
#include <caf/scoped_actor.hpp>

#include "actors/cluster/dispatcher.hpp"
#include "actors/housekeeping/housekeeper.hpp"
#include "actors/housekeeping/reclaim_policy.hpp"
#include "actors/image/image_registry.hpp"
#include "actors/model/clock.hpp"
#include "tests/unit/actors/memory_store.hpp"

using namespace actors;

namespace {

struct real_time_config : caf::actor_system_config {
  real_time_config() {
    announce_protocol(*this);
  }
};

/// A registry over a memory store, on CAF's real scheduler: the housekeeper
/// runs on a thread of its own and on the clock.
struct housekeeping_fixture {
  housekeeping_fixture() : system(config), self(system) {
    registry_settings settings;
    settings.image.store = &store;
    dispatcher = spawn_dispatcher(system, {});
    settings.image.dispatcher = dispatcher;
    registry = spawn_registry(system, settings);
  }

  ~housekeeping_fixture() {
    self->send_exit(registry, caf::exit_reason::user_shutdown);
    self->send_exit(dispatcher, caf::exit_reason::user_shutdown);
    if (housekeeper)
      self->send_exit(housekeeper, caf::exit_reason::user_shutdown);
  }

  std::string upload(std::string bytes, std::int64_t created_ms) {
    model::image_record record;
    record.format = "PNG";
    record.bytes = bytes.size();
    record.created_ms = created_ms;
    std::string id;
    self->request(registry, std::chrono::seconds(5), upload_atom::value,
                  new_upload{std::move(bytes), "", record, nullptr})
        .receive([&](model::image_record& stored) { id = stored.id; },
                 [](caf::error&) { BOOST_FAIL("upload failed"); });
    return id;
  }

  void start(housekeeping_settings settings) {
    settings.store = &store;
    settings.registry = registry;
    settings.interval = std::chrono::milliseconds(10);
    housekeeper = spawn_housekeeper(system, settings);
  }

  /// Polls the store until `done` holds, for at most five seconds.
  template<class Predicate>
  bool eventually(Predicate done) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline)
        return false;
      std::this_thread::yield();
    }
    return true;
  }

  test_support::memory_store store;
  real_time_config config;
  caf::actor_system system;
  caf::scoped_actor self;
  dispatcher_actor dispatcher;
  registry_actor registry;
  caf::actor housekeeper;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(housekeeping, housekeeping_fixture)

BOOST_AUTO_TEST_CASE(retention_deletes_the_oldest_images_beyond_the_byte_budget) {
  auto now = model::now_ms();
  std::vector<std::string> ids;
  for (int i = 0; i < 10; ++i)
    ids.push_back(upload(std::string(1000, 'x'), now + i));
  housekeeping_settings settings;
  settings.max_bytes = 3500;
  start(settings);
  BOOST_REQUIRE(eventually([&] { return store.usage()->images == 3u; }));
  // The newest three remain.
  for (int i = 0; i < 7; ++i)
    BOOST_TEST(!store.load_image(ids[i]).ok());
  for (int i = 7; i < 10; ++i)
    BOOST_TEST(store.load_image(ids[i]).ok());
}

BOOST_AUTO_TEST_CASE(retention_deletes_images_older_than_the_maximum_age) {
  auto now = model::now_ms();
  auto old_one = upload("old", now - 120'000);
  auto new_one = upload("new", now);
  housekeeping_settings settings;
  settings.max_age = std::chrono::minutes(1);
  start(settings);
  BOOST_REQUIRE(eventually([&] { return !store.load_image(old_one).ok(); }));
  BOOST_TEST(store.load_image(new_one).ok());
}

BOOST_AUTO_TEST_CASE(expired_idempotency_keys_are_forgotten) {
  auto now = model::now_ms();
  model::image_record record;
  record.id = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
  record.format = "PNG";
  record.bytes = 1;
  store.create_image(record, "o", storage::idempotency_claim{"k", now - 10, now - 5});
  start({});
  BOOST_REQUIRE(eventually([&] { return store.purge_expired_keys(now, 10).value() == 0; }));
  BOOST_TEST(!store.find_upload("k", now - 6).value().has_value());
  BOOST_TEST(store.load_image(record.id).ok());
}

// Without retention, the bytes of images deleted by clients still go back
// to the disk once they add up.
BOOST_AUTO_TEST_CASE(garbage_beyond_the_policy_threshold_is_reclaimed) {
  upload(std::string(1000, 'x'), model::now_ms());
  store.add_garbage(reclaim_policy::min_garbage_bytes);
  start({});
  BOOST_REQUIRE(eventually([&] { return store.reclaim_count() == 1; }));
  BOOST_TEST(store.usage()->disk_bytes == 1000u);
}

BOOST_AUTO_TEST_SUITE_END()
