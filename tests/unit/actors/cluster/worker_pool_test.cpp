#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "actors/cluster/worker_pool.hpp"
#include "tests/unit/actors/actor_fixture.hpp"
#include "tests/unit/actors/fake_workers.hpp"

using namespace actors;
using model::node_state;
using test_support::actor_fixture;

namespace {

// The pool only keeps handles: the actors behind them never run here.
struct pool_fixture : actor_fixture {
  worker_actor worker(const std::string& node = "w") {
    return test_support::spawn_echo_worker(system, node);
  }

  static worker_offer offer(const std::string& node, std::vector<worker_actor> workers,
                            const std::string& role = "worker") {
    worker_offer offered;
    offered.node.id = node;
    offered.node.role = role;
    offered.node.address = "10.0.0.7";
    offered.workers = std::move(workers);
    return offered;
  }

  static bool holds(const std::vector<caf::actor_addr>& addresses, const worker_actor& handle) {
    return std::find(addresses.begin(), addresses.end(), handle.address()) != addresses.end();
  }

  /// Picks a worker and starts a job on it; the worker's handle, or nullptr.
  worker_actor start_job(worker_pool& pool) {
    auto* slot = pool.pick();
    if (slot == nullptr)
      return {};
    pool.job_started(*slot);
    return slot->handle;
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(worker_pool_book, pool_fixture)

BOOST_AUTO_TEST_CASE(enlisting_records_the_node_and_returns_only_new_workers) {
  worker_pool pool(1);
  auto a = worker();
  auto b = worker();
  auto added = pool.enlist(offer("n1", {a, b}), 1000);
  BOOST_TEST((added == std::vector<worker_actor>{a, b}));
  auto c = worker();
  added = pool.enlist(offer("n1", {a, worker_actor{}, c}), 2000);
  BOOST_TEST((added == std::vector<worker_actor>{c}));

  auto* node = pool.node("n1");
  BOOST_REQUIRE(node != nullptr);
  BOOST_TEST(node->state == node_state::up);
  BOOST_TEST(node->workers == 3u);
  BOOST_TEST(node->address == "10.0.0.7");
  BOOST_TEST(node->last_seen_ms == 2000);
  BOOST_TEST(pool.workers_up() == 3u);
  BOOST_TEST(pool.find(c.address()) != nullptr);
  BOOST_TEST(pool.node("n2") == nullptr);
}

BOOST_AUTO_TEST_CASE(a_node_enlisting_again_keeps_its_counters_and_its_load) {
  worker_pool pool(2);
  auto a = worker();
  pool.enlist(offer("n1", {a}), 0);
  start_job(pool);
  start_job(pool);
  pool.job_ended(a.address(), true, 10);
  pool.job_ended(a.address(), false, 10);
  start_job(pool);
  pool.enlist(offer("n1", {a}), 20);
  auto* node = pool.node("n1");
  BOOST_TEST(node->completed == 1u);
  BOOST_TEST(node->failed == 1u);
  BOOST_TEST(node->in_flight == 1u);
  BOOST_TEST(node->workers == 1u);
}

BOOST_AUTO_TEST_CASE(a_node_that_was_down_comes_back_up_with_its_new_workers_only) {
  worker_pool pool(1);
  auto old_worker = worker();
  pool.enlist(offer("n1", {old_worker, worker()}), 0);
  start_job(pool);
  pool.retire("n1", 10);
  auto fresh = worker();
  auto added = pool.enlist(offer("n1", {fresh}), 20);
  BOOST_TEST((added == std::vector<worker_actor>{fresh}));
  auto* node = pool.node("n1");
  BOOST_TEST(node->state == node_state::up);
  BOOST_TEST(node->workers == 1u);
  BOOST_TEST(node->in_flight == 0u);
  BOOST_TEST(pool.find(old_worker.address()) == nullptr);
}

BOOST_AUTO_TEST_CASE(pick_chooses_the_least_loaded_worker_with_room) {
  worker_pool pool(3);
  auto a = worker();
  auto b = worker();
  auto c = worker();
  pool.enlist(offer("n1", {a, b, c}), 0);
  for (auto* handle : {&a, &a, &b}) {
    auto* slot = pool.find(handle->address());
    pool.job_started(*slot);
  }
  BOOST_TEST((start_job(pool) == c));
  // a holds 2, b and c 1 each.
  auto next = start_job(pool);
  BOOST_TEST((next == b || next == c));
  BOOST_TEST((next != a));
}

BOOST_AUTO_TEST_CASE(pick_spreads_equally_loaded_workers_by_rotation) {
  worker_pool pool(5);
  auto a = worker();
  auto b = worker();
  auto c = worker();
  pool.enlist(offer("n1", {a, b, c}), 0);
  std::vector<worker_actor> picked;
  for (int i = 0; i < 6; ++i)
    picked.push_back(pool.pick()->handle);
  BOOST_TEST((picked == std::vector<worker_actor>{a, b, c, a, b, c}));
}

BOOST_AUTO_TEST_CASE(pick_finds_nothing_when_every_worker_is_full_until_a_job_ends) {
  worker_pool pool(2);
  auto a = worker();
  pool.enlist(offer("n1", {a}), 0);
  BOOST_TEST((start_job(pool) == a));
  BOOST_TEST((start_job(pool) == a));
  BOOST_TEST(pool.pick() == nullptr);
  pool.job_ended(a.address(), true, 5);
  BOOST_TEST((start_job(pool) == a));
}

BOOST_AUTO_TEST_CASE(pick_finds_nothing_in_an_empty_pool) {
  worker_pool pool(1);
  BOOST_TEST(pool.pick() == nullptr);
}

BOOST_AUTO_TEST_CASE(a_drained_node_gets_no_jobs_until_undrained) {
  worker_pool pool(1);
  auto a = worker();
  auto b = worker();
  pool.enlist(offer("n1", {a}), 0);
  pool.enlist(offer("n2", {b}), 0);
  BOOST_TEST(pool.drain("n1", true));
  BOOST_TEST(pool.node("n1")->state == node_state::draining);
  BOOST_TEST(pool.workers_up() == 1u);
  BOOST_TEST((start_job(pool) == b));
  BOOST_TEST(pool.pick() == nullptr);

  BOOST_TEST(pool.drain("n1", false));
  BOOST_TEST(pool.node("n1")->state == node_state::up);
  BOOST_TEST((start_job(pool) == a));
}

BOOST_AUTO_TEST_CASE(a_drain_outlasts_the_node_enlisting_again) {
  worker_pool pool(1);
  auto a = worker();
  pool.enlist(offer("n1", {a}), 0);
  pool.drain("n1", true);
  pool.enlist(offer("n1", {a}), 10);
  BOOST_TEST(pool.node("n1")->state == node_state::draining);
  BOOST_TEST(pool.pick() == nullptr);
}

BOOST_AUTO_TEST_CASE(a_drain_outlasts_the_node_being_lost_and_joining_again) {
  worker_pool pool(1);
  auto a = worker();
  pool.enlist(offer("n1", {a}), 0);
  BOOST_TEST(pool.drain("n1", true));
  pool.retire("n1", 10);
  auto b = worker();
  pool.enlist(offer("n1", {b}), 20);
  BOOST_TEST(pool.node("n1")->state == node_state::draining);
  BOOST_TEST(pool.pick() == nullptr);
  BOOST_TEST(pool.drain("n1", false));
  pool.retire("n1", 30);
  pool.enlist(offer("n1", {worker()}), 40);
  BOOST_TEST(pool.node("n1")->state == node_state::up);
}

BOOST_AUTO_TEST_CASE(retiring_an_unknown_node_does_not_invent_it) {
  worker_pool pool(1);
  BOOST_TEST(pool.retire("ghost", 10).empty());
  BOOST_TEST(pool.node("ghost") == nullptr);
  BOOST_TEST(pool.status().empty());
}

BOOST_AUTO_TEST_CASE(a_job_s_end_reported_twice_does_not_wrap_the_load) {
  worker_pool pool(1);
  auto a = worker();
  pool.enlist(offer("n1", {a}), 0);
  start_job(pool);
  pool.job_ended(a.address(), false, 10);
  pool.job_ended(a.address(), false, 20);
  BOOST_TEST(pool.find(a.address())->in_flight == 0u);
  BOOST_TEST(pool.node("n1")->in_flight == 0u);
  BOOST_TEST((start_job(pool) == a)); // still has room
}

BOOST_AUTO_TEST_CASE(unknown_and_down_nodes_cannot_be_drained) {
  worker_pool pool(1);
  BOOST_TEST(!pool.drain("ghost", true));
  pool.enlist(offer("n1", {worker()}), 0);
  pool.retire("n1", 10);
  BOOST_TEST(!pool.drain("n1", true));
  BOOST_TEST(!pool.drain("n1", false));
  BOOST_TEST(pool.node("n1")->state == node_state::down);
}

BOOST_AUTO_TEST_CASE(a_job_s_end_is_counted_on_its_worker_and_its_node) {
  worker_pool pool(2);
  auto a = worker();
  pool.enlist(offer("n1", {a}), 0);
  start_job(pool);
  start_job(pool);
  pool.job_ended(a.address(), true, 100);
  pool.job_ended(a.address(), false, 200);
  auto* slot = pool.find(a.address());
  BOOST_TEST(slot->in_flight == 0u);
  BOOST_TEST(slot->completed == 1u);
  BOOST_TEST(slot->failed == 1u);
  auto* node = pool.node("n1");
  BOOST_TEST(node->in_flight == 0u);
  BOOST_TEST(node->completed == 1u);
  BOOST_TEST(node->failed == 1u);
  BOOST_TEST(node->last_seen_ms == 200);
  // The end of a job on a worker the pool no longer knows changes nothing.
  pool.job_ended(worker().address(), true, 300);
  BOOST_TEST(node->completed == 1u);
  BOOST_TEST(node->last_seen_ms == 200);
}

BOOST_AUTO_TEST_CASE(removing_a_worker_counts_its_jobs_as_failed) {
  worker_pool pool(1);
  auto a = worker();
  auto b = worker();
  pool.enlist(offer("n1", {a, b}), 0);
  pool.job_started(*pool.find(a.address()));
  auto node_id = pool.remove_worker(a.address(), 10);
  BOOST_REQUIRE(node_id.has_value());
  BOOST_TEST(*node_id == "n1");
  BOOST_TEST(pool.find(a.address()) == nullptr);
  auto* node = pool.node("n1");
  BOOST_TEST(node->state == node_state::up);
  BOOST_TEST(node->workers == 1u);
  BOOST_TEST(node->in_flight == 0u);
  BOOST_TEST(node->failed == 1u);
  BOOST_TEST((start_job(pool) == b));
  BOOST_TEST(!pool.remove_worker(a.address(), 20).has_value());
}

BOOST_AUTO_TEST_CASE(removing_a_node_s_last_worker_takes_the_node_down) {
  worker_pool pool(1);
  auto a = worker();
  pool.enlist(offer("n1", {a}), 0);
  BOOST_TEST(pool.remove_worker(a.address(), 50).value() == "n1");
  auto* node = pool.node("n1");
  BOOST_REQUIRE(node != nullptr);
  BOOST_TEST(node->state == node_state::down);
  BOOST_TEST(node->workers == 0u);
  BOOST_TEST(node->last_seen_ms == 50);
}

BOOST_AUTO_TEST_CASE(retiring_a_node_takes_it_down_and_returns_its_workers) {
  worker_pool pool(1);
  auto a = worker();
  auto b = worker();
  auto other = worker();
  pool.enlist(offer("n1", {a, b}), 0);
  pool.enlist(offer("n2", {other}), 0);
  start_job(pool);
  auto removed = pool.retire("n1", 70);
  BOOST_TEST(removed.size() == 2u);
  BOOST_TEST(holds(removed, a));
  BOOST_TEST(holds(removed, b));
  auto* node = pool.node("n1");
  BOOST_TEST(node->state == node_state::down);
  BOOST_TEST(node->workers == 0u);
  BOOST_TEST(node->in_flight == 0u);
  BOOST_TEST(node->last_seen_ms == 70);
  BOOST_TEST(pool.find(a.address()) == nullptr);
  BOOST_TEST(pool.workers_up() == 1u);
  BOOST_TEST((start_job(pool) == other));
}

BOOST_AUTO_TEST_CASE(only_the_newest_64_down_nodes_are_remembered) {
  worker_pool pool(1);
  for (int i = 0; i < 65; ++i) {
    auto id = "n" + std::to_string(i);
    pool.enlist(offer(id, {worker()}), i);
    pool.retire(id, i);
  }
  BOOST_TEST(pool.status().size() == 64u);
  BOOST_TEST(pool.node("n0") == nullptr);
  BOOST_TEST(pool.node("n1") != nullptr);
  BOOST_TEST(pool.node("n64") != nullptr);
}

BOOST_AUTO_TEST_CASE(silent_workers_are_those_of_worker_nodes_last_seen_before_the_deadline) {
  worker_pool pool(1);
  auto quiet = worker();
  auto heard = worker();
  auto local = worker();
  pool.enlist(offer("quiet", {quiet}), 100);
  pool.enlist(offer("heard", {heard}), 100);
  pool.enlist(offer("head", {local}, "head"), 100);
  pool.job_started(*pool.find(heard.address()));
  pool.job_ended(heard.address(), true, 500);
  BOOST_TEST(pool.silent_workers(100).empty());
  auto silent = pool.silent_workers(300);
  BOOST_TEST(silent.size() == 1u);
  BOOST_TEST(holds(silent, quiet));
  // The head's own workers are never silent.
  silent = pool.silent_workers(1000);
  BOOST_TEST(silent.size() == 2u);
  BOOST_TEST(!holds(silent, local));
}

BOOST_AUTO_TEST_CASE(status_lists_every_node_and_workers_show_their_state) {
  worker_pool pool(1);
  auto idle = worker();
  auto busy = worker();
  auto drained = worker();
  pool.enlist(offer("a", {idle, busy}), 0);
  pool.enlist(offer("b", {drained}), 0);
  pool.enlist(offer("c", {worker()}), 0);
  pool.retire("c", 5);
  pool.job_started(*pool.find(busy.address()));
  pool.drain("b", true);

  auto nodes = pool.status();
  BOOST_REQUIRE_EQUAL(nodes.size(), 3u);
  BOOST_TEST(nodes[0].id == "a");
  BOOST_TEST(nodes[0].state == node_state::up);
  BOOST_TEST(nodes[0].in_flight == 1u);
  BOOST_TEST(nodes[1].state == node_state::draining);
  BOOST_TEST(nodes[2].state == node_state::down);

  auto listing = pool.workers();
  BOOST_REQUIRE_EQUAL(listing.size(), 3u);
  auto entry = [&](const worker_actor& handle) {
    auto name = pool.worker_name(handle.address());
    auto it = std::find_if(listing.begin(), listing.end(),
                           [&](const worker_status& status) { return status.name == name; });
    BOOST_REQUIRE(it != listing.end());
    return *it;
  };
  BOOST_TEST(entry(idle).state == "idle");
  BOOST_TEST(entry(busy).state == "busy");
  BOOST_TEST(entry(busy).in_flight == 1u);
  BOOST_TEST(entry(drained).state == "draining");
  BOOST_TEST(entry(drained).node == "b");
}

BOOST_AUTO_TEST_CASE(a_worker_s_name_is_its_node_and_actor_id) {
  worker_pool pool(1);
  auto a = worker();
  pool.enlist(offer("render-7", {a}), 0);
  BOOST_TEST(pool.worker_name(a.address()) == "render-7#" + std::to_string(a.id()));
  BOOST_TEST(pool.worker_name(worker().address()).empty());
}

BOOST_AUTO_TEST_SUITE_END()
