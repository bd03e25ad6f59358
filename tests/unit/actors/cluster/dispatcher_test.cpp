#define BOOST_TEST_MODULE actors
#include <boost/test/unit_test.hpp>

#include <set>

#include <caf/send.hpp>

#include "actors/cluster/dispatcher.hpp"
#include "tests/unit/actors/actor_fixture.hpp"
#include "tests/unit/actors/fake_workers.hpp"

using namespace actors;
using test_support::actor_fixture;

namespace {

struct dispatcher_fixture : actor_fixture {
  dispatcher_fixture() : source(test_support::spawn_job_source(system)) {}

  /// A ticket for a job whose input is `input` (a version number).
  job_ticket make_job(const std::string& input) {
    return job_ticket{"image", static_cast<std::uint32_t>(std::stoul(input)), source};
  }

  dispatcher_actor start(dispatcher_settings settings = {}) {
    settings.node_timeout = std::chrono::milliseconds(0);
    auto dispatcher = stop_at_end(spawn_dispatcher(system, settings));
    run();
    return dispatcher;
  }

  void enlist(const dispatcher_actor& dispatcher, std::string node,
              std::vector<worker_actor> workers) {
    model::node_status status;
    status.id = std::move(node);
    caf::anon_send(dispatcher, enlist_atom::value, worker_offer{status, std::move(workers), {}});
    run();
  }

  job_source_actor source;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(dispatcher_routing, dispatcher_fixture)

BOOST_AUTO_TEST_CASE(jobs_spread_over_all_workers) {
  auto dispatcher = start();
  enlist(dispatcher, "a", {test_support::spawn_echo_worker(system, "a")});
  enlist(dispatcher, "b", {test_support::spawn_echo_worker(system, "b")});
  std::set<std::string> nodes;
  for (int i = 0; i < 4; ++i) {
    auto pending = self->request(dispatcher, caf::infinite, submit_atom::value, make_job("7"));
    auto pending2 = self->request(dispatcher, caf::infinite, submit_atom::value, make_job("8"));
    run();
    for (auto* handle : {&pending, &pending2}) {
      auto result = answer<job_result>(*handle);
      BOOST_REQUIRE(result && result->ok());
      nodes.insert((*result)->output.node);
    }
  }
  BOOST_TEST(nodes == (std::set<std::string>{"a", "b"}));
}

BOOST_AUTO_TEST_CASE(jobs_wait_for_a_worker_and_keep_their_order) {
  auto dispatcher = start();
  auto first = self->request(dispatcher, caf::infinite, submit_atom::value, make_job("1"));
  auto second = self->request(dispatcher, caf::infinite, submit_atom::value, make_job("2"));
  run();
  BOOST_TEST(!answer<job_result>(first).has_value());
  enlist(dispatcher, "a", {test_support::spawn_echo_worker(system, "a")});
  auto one = answer<job_result>(first);
  auto two = answer<job_result>(second);
  BOOST_REQUIRE(one && one->ok());
  BOOST_REQUIRE(two && two->ok());
  BOOST_TEST((*one)->bytes == "1|grayscale");
  BOOST_TEST((*two)->bytes == "2|grayscale");
}

BOOST_AUTO_TEST_CASE(a_lost_worker_s_job_moves_to_another_worker) {
  auto dispatcher = start();
  auto hung = stop_at_end(test_support::spawn_silent_worker(system));
  enlist(dispatcher, "hung", {hung});
  auto pending = self->request(dispatcher, caf::infinite, submit_atom::value, make_job("7"));
  run();
  enlist(dispatcher, "b", {test_support::spawn_echo_worker(system, "b")});
  BOOST_TEST(!answer<job_result>(pending).has_value());
  caf::anon_send_exit(hung, caf::exit_reason::kill);
  run();
  auto result = answer<job_result>(pending);
  BOOST_REQUIRE(result && result->ok());
  BOOST_TEST((*result)->output.node == "b");
}

BOOST_AUTO_TEST_CASE(a_timed_out_job_is_tried_on_another_worker) {
  dispatcher_settings settings;
  settings.job_timeout = std::chrono::seconds(5);
  auto dispatcher = start(settings);
  enlist(dispatcher, "hung", {stop_at_end(test_support::spawn_silent_worker(system))});
  enlist(dispatcher, "b", {test_support::spawn_echo_worker(system, "b")});
  auto pending = self->request(dispatcher, caf::infinite, submit_atom::value, make_job("7"));
  run();
  BOOST_TEST(!answer<job_result>(pending).has_value());
  advance(std::chrono::seconds(5));
  auto result = answer<job_result>(pending);
  BOOST_REQUIRE(result && result->ok());
  BOOST_TEST((*result)->output.node == "b");
}

BOOST_AUTO_TEST_CASE(a_rejected_job_fails_at_once_without_retry) {
  auto dispatcher = start();
  enlist(dispatcher, "r", {test_support::spawn_rejecting_worker(system)});
  enlist(dispatcher, "b", {test_support::spawn_echo_worker(system, "b")});
  auto result = ask<job_result>(dispatcher, submit_atom::value, make_job("7"));
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST(result.error().code == model::error_code::corrupt_image);
}

BOOST_AUTO_TEST_CASE(a_job_fails_after_its_attempts_are_used_up) {
  dispatcher_settings settings;
  settings.job_timeout = std::chrono::seconds(1);
  settings.max_attempts = 2;
  auto dispatcher = start(settings);
  enlist(dispatcher, "hung", {stop_at_end(test_support::spawn_silent_worker(system))});
  auto pending = self->request(dispatcher, caf::infinite, submit_atom::value, make_job("7"));
  run();
  advance(std::chrono::seconds(1));
  BOOST_TEST(!answer<job_result>(pending).has_value());
  advance(std::chrono::seconds(1));
  auto result = answer<job_result>(pending);
  BOOST_REQUIRE(result && !result->ok());
  BOOST_TEST(result->error().code == model::error_code::unavailable);
  BOOST_TEST(result->error().message.find("timed out") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(gauges_show_queue_and_load) {
  dispatcher_settings settings;
  settings.gauges = std::make_shared<dispatch_gauges>();
  auto dispatcher = start(settings);
  self->send(dispatcher, submit_atom::value, make_job("1"));
  self->send(dispatcher, submit_atom::value, make_job("2"));
  run();
  BOOST_TEST(settings.gauges->queued == 2u);
  enlist(dispatcher, "hung", {stop_at_end(test_support::spawn_silent_worker(system))});
  BOOST_TEST(settings.gauges->queued == 1u);
  BOOST_TEST(settings.gauges->in_flight == 1u);
  BOOST_TEST(settings.gauges->workers == 1u);
}

BOOST_AUTO_TEST_CASE(a_drained_node_gets_no_jobs_until_undrained) {
  auto dispatcher = start();
  enlist(dispatcher, "a", {test_support::spawn_echo_worker(system, "a")});
  BOOST_TEST(ask<caf::ok_atom>(dispatcher, drain_atom::value, std::string("a"), true).ok());
  auto job = self->request(dispatcher, caf::infinite, submit_atom::value, make_job("1"));
  run();
  BOOST_TEST(!answer<job_result>(job).has_value());

  auto seen = ask<dispatch_snapshot>(dispatcher, inspect_atom::value);
  BOOST_REQUIRE(seen.ok());
  BOOST_REQUIRE(seen->nodes.size() == 1u);
  BOOST_TEST(seen->nodes[0].state == model::node_state::draining);
  BOOST_REQUIRE(seen->workers.size() == 1u);
  BOOST_TEST(seen->workers[0].state == "draining");
  BOOST_REQUIRE(seen->jobs.size() == 1u);
  BOOST_TEST(seen->jobs[0].state == "queued");
  BOOST_TEST(seen->jobs[0].version == 1u);

  BOOST_TEST(ask<caf::ok_atom>(dispatcher, drain_atom::value, std::string("a"), false).ok());
  auto result = answer<job_result>(job);
  BOOST_REQUIRE(result && result->ok());
  BOOST_TEST((*result)->output.node == "a");
  auto after = ask<dispatch_snapshot>(dispatcher, inspect_atom::value);
  BOOST_TEST(after->workers[0].completed == 1u);
  BOOST_TEST(after->jobs.empty());

  auto unknown = ask<caf::ok_atom>(dispatcher, drain_atom::value, std::string("z"), true);
  BOOST_REQUIRE(!unknown.ok());
  BOOST_TEST(unknown.error().code == model::error_code::not_found);
}

BOOST_AUTO_TEST_SUITE_END()
