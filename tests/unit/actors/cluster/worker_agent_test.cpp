#include <boost/test/unit_test.hpp>

#include <deque>
#include <memory>
#include <optional>
#include <set>

#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/cluster/cluster_gate.hpp"
#include "actors/cluster/cluster_secret.hpp"
#include "actors/cluster/dispatcher.hpp"
#include "actors/cluster/worker_agent.hpp"
#include "actors/model/version.hpp"
#include "tests/unit/actors/actor_fixture.hpp"
#include "tests/unit/actors/fake_workers.hpp"

using namespace actors;
using namespace std::chrono_literals;
using model::error_code;
using test_support::actor_fixture;

namespace {

const std::string challenge = "6368616c6c656e6765";

/// One answer of the middleman to a connect: what is published on the port
/// and its interface, or a failure.
struct publication {
  caf::strong_actor_ptr actor;
  std::set<std::string> interface;
  caf::error failure;
};

struct middleman_log {
  std::vector<std::pair<std::string, std::uint16_t>> connects;
  // Answered in order; the last one answers every further connect.
  std::deque<publication> script;
};

/// Stands in for CAF's middleman actor, which answers a connect with the
/// node, the actor published on the port and that actor's interface.
caf::actor spawn_fake_middleman(caf::actor_system& system, std::shared_ptr<middleman_log> log) {
  using connected = caf::result<caf::node_id, caf::strong_actor_ptr, std::set<std::string>>;
  return system.spawn([log](caf::event_based_actor* self) -> caf::behavior {
    return {
        [self, log](caf::connect_atom, std::string& host, std::uint16_t port) -> connected {
          log->connects.emplace_back(host, port);
          if (log->script.empty())
            return caf::make_error(caf::sec::cannot_connect_to_node);
          auto answer = log->script.front();
          if (log->script.size() > 1)
            log->script.pop_front();
          if (answer.failure)
            return answer.failure;
          return {self->system().node(), answer.actor, answer.interface};
        },
    };
  });
}

struct gate_log {
  std::vector<std::string> hellos;
  std::vector<join_request> joins;
  std::vector<std::string> pings;
  std::vector<std::string> leaves;
  std::optional<error_code> join_refusal;
  std::optional<error_code> ping_refusal;
  bool answer_pings = true;
  bool answer_leaves = true;
};

/// A gate that records what it is sent and answers as scripted.
gate_actor spawn_fake_gate(caf::actor_system& system, std::shared_ptr<gate_log> log) {
  return system.spawn([log](gate_actor::pointer self) -> gate_actor::behavior_type {
    return {
        [log](hello_atom, std::string& node) {
          log->hellos.push_back(node);
          return challenge;
        },
        [log](join_atom, join_request& request) -> caf::result<caf::ok_atom> {
          log->joins.push_back(request);
          if (log->join_refusal)
            return to_error(*log->join_refusal, "scripted refusal");
          return caf::ok_atom::value;
        },
        [](shell_atom, join_request&) -> caf::result<inspector_actor> {
          return to_error(error_code::forbidden, "no shells in these tests");
        },
        [self, log](leave_atom, std::string& node) -> caf::result<caf::ok_atom> {
          log->leaves.push_back(node);
          if (!log->answer_leaves)
            return self->make_response_promise<caf::ok_atom>();
          return caf::ok_atom::value;
        },
        [self, log](caf::ping_atom, std::string& node) -> caf::result<caf::ok_atom> {
          log->pings.push_back(node);
          if (!log->answer_pings)
            return self->make_response_promise<caf::ok_atom>();
          if (log->ping_refusal)
            return to_error(*log->ping_refusal, "scripted refusal");
          return caf::ok_atom::value;
        },
    };
  });
}

using exit_reason = std::shared_ptr<std::optional<caf::error>>;

struct agent_fixture : actor_fixture {
  agent_fixture()
      : middleman_calls(std::make_shared<middleman_log>()),
        gate_calls(std::make_shared<gate_log>()),
        middleman(stop_at_end(spawn_fake_middleman(system, middleman_calls))),
        gate(stop_at_end(spawn_fake_gate(system, gate_calls))) {
    settings.head_host = "head.internal";
    settings.head_port = 4242;
    settings.secret = "s3cret";
    settings.node_id = "worker-1";
    settings.hostname = "render-7";
    settings.address = "10.0.0.7";
    settings.workers = {test_support::spawn_echo_worker(system, "worker-1")};
    settings.middleman = middleman;
    settings.connect_timeout = 5s;
    settings.max_backoff = 5s;
    settings.ping_interval = 1s;
    settings.leave_timeout = 2min;
  }

  template<class Handle>
  publication published(const Handle& actor) {
    return {caf::actor_cast<caf::strong_actor_ptr>(actor), system.message_types<gate_actor>(), {}};
  }

  publication nothing_published() {
    return {};
  }

  void publish(std::initializer_list<publication> answers) {
    middleman_calls->script.assign(answers.begin(), answers.end());
  }

  /// Spawns the agent and runs until it waits for time to pass.
  void start() {
    agent = stop_at_end(spawn_worker_agent(system, settings));
    exited = watch(agent);
    run();
  }

  /// Where `actor`'s exit reason is stored once it exits.
  exit_reason watch(const agent_actor& actor) {
    auto reason = std::make_shared<std::optional<caf::error>>();
    // Monitors hold no reference: the watcher lives as long as the fixture.
    watchers.push_back(system.spawn([actor, reason](caf::event_based_actor* self) -> caf::behavior {
      self->monitor(actor);
      self->set_down_handler([self, reason](caf::down_msg& down) {
        *reason = down.reason;
        self->quit();
      });
      return {[](caf::tick_atom) {}};
    }));
    return reason;
  }

  std::size_t connects() const {
    return middleman_calls->connects.size();
  }

  std::shared_ptr<middleman_log> middleman_calls;
  std::shared_ptr<gate_log> gate_calls;
  caf::actor middleman;
  gate_actor gate;
  agent_settings settings;
  agent_actor agent;
  exit_reason exited;
  std::vector<caf::actor> watchers;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(worker_agent, agent_fixture)

BOOST_AUTO_TEST_CASE(the_agent_connects_to_the_head_and_joins_with_a_proof_of_the_secret) {
  publish({published(gate)});
  start();
  BOOST_REQUIRE_EQUAL(connects(), 1u);
  BOOST_TEST(middleman_calls->connects[0].first == "head.internal");
  BOOST_TEST(middleman_calls->connects[0].second == 4242u);
  BOOST_TEST(gate_calls->hellos == std::vector<std::string>{"worker-1"});
  BOOST_REQUIRE_EQUAL(gate_calls->joins.size(), 1u);
  const auto& request = gate_calls->joins.front();
  BOOST_TEST(request.node_id == "worker-1");
  BOOST_TEST(request.hostname == "render-7");
  BOOST_TEST(request.address == "10.0.0.7");
  BOOST_TEST(request.version == model::service_version());
  BOOST_TEST(request.proof == challenge + ":" + join_proof("s3cret", challenge, "worker-1"));
  BOOST_TEST((request.workers == settings.workers));
  BOOST_TEST(!exited->has_value());
}

BOOST_AUTO_TEST_CASE(the_agent_retries_with_growing_backoff_while_nothing_is_published) {
  publish({nothing_published(), nothing_published(), nothing_published(), published(gate)});
  start();
  // Retries after 250 ms, then 500 ms, then 1 s.
  struct moment {
    std::chrono::milliseconds wait;
    std::size_t connects;
  };
  for (auto [wait, expected] : {moment{249ms, 1}, moment{1ms, 2}, moment{499ms, 2}, moment{1ms, 3},
                                moment{999ms, 3}, moment{1ms, 4}}) {
    advance(wait);
    BOOST_TEST(connects() == expected);
  }
  BOOST_TEST(gate_calls->joins.size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_backoff_stops_growing_at_max_backoff) {
  settings.max_backoff = 400ms;
  publish({nothing_published()});
  start();
  advance(250ms);
  BOOST_TEST(connects() == 2u);
  advance(399ms);
  BOOST_TEST(connects() == 2u);
  advance(1ms);
  BOOST_TEST(connects() == 3u);
  advance(400ms);
  BOOST_TEST(connects() == 4u);
  BOOST_TEST(gate_calls->hellos.empty());
}

BOOST_AUTO_TEST_CASE(the_agent_does_not_join_an_actor_without_the_gate_interface) {
  auto dispatcher_like = published(gate);
  dispatcher_like.interface = system.message_types<dispatcher_actor>();
  auto untyped = published(gate);
  untyped.interface.clear();
  publish({dispatcher_like, untyped, published(gate)});
  start();
  BOOST_TEST(connects() == 1u);
  BOOST_TEST(gate_calls->hellos.empty());
  advance(250ms);
  BOOST_TEST(connects() == 2u);
  BOOST_TEST(gate_calls->hellos.empty());
  advance(500ms);
  BOOST_TEST(connects() == 3u);
  BOOST_TEST(gate_calls->joins.size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_unreachable_head_is_retried) {
  publish({{nullptr, {}, caf::make_error(caf::sec::cannot_connect_to_node)}, published(gate)});
  start();
  BOOST_TEST(gate_calls->hellos.empty());
  advance(250ms);
  BOOST_TEST(gate_calls->joins.size() == 1u);
  BOOST_TEST(!exited->has_value());
}

BOOST_AUTO_TEST_CASE(a_member_pings_the_gate_every_interval) {
  publish({published(gate)});
  start();
  advance(999ms);
  BOOST_TEST(gate_calls->pings.empty());
  advance(1ms);
  BOOST_TEST(gate_calls->pings == std::vector<std::string>{"worker-1"});
  advance(1s);
  BOOST_TEST(gate_calls->pings.size() == 2u);
  BOOST_TEST(connects() == 1u);
}

BOOST_AUTO_TEST_CASE(a_refused_ping_makes_the_agent_join_again_with_a_fresh_backoff) {
  publish({nothing_published(), published(gate)});
  start();
  advance(250ms);
  BOOST_REQUIRE_EQUAL(gate_calls->joins.size(), 1u);
  // The head lost this node (it counts it as silent): join from scratch.
  gate_calls->ping_refusal = error_code::not_found;
  advance(1s);
  BOOST_TEST(gate_calls->pings.size() == 1u);
  gate_calls->ping_refusal.reset();
  advance(249ms);
  BOOST_TEST(connects() == 2u);
  advance(1ms);
  BOOST_TEST(connects() == 3u);
  BOOST_TEST(gate_calls->joins.size() == 2u);
  advance(1s);
  BOOST_TEST(gate_calls->pings.size() == 2u);
}

BOOST_AUTO_TEST_CASE(an_unanswered_ping_makes_the_agent_join_again) {
  gate_calls->answer_pings = false;
  publish({published(gate)});
  start();
  advance(1s);
  BOOST_TEST(gate_calls->pings.size() == 1u);
  // A ping may take two intervals.
  advance(1999ms);
  BOOST_TEST(connects() == 1u);
  advance(1ms);
  advance(250ms);
  BOOST_TEST(connects() == 2u);
  BOOST_TEST(gate_calls->joins.size() == 2u);
}

BOOST_AUTO_TEST_CASE(losing_the_gate_makes_the_agent_join_the_new_one) {
  auto new_calls = std::make_shared<gate_log>();
  auto new_gate = stop_at_end(spawn_fake_gate(system, new_calls));
  publish({published(gate), published(new_gate)});
  start();
  BOOST_REQUIRE_EQUAL(gate_calls->joins.size(), 1u);
  caf::anon_send_exit(gate, caf::exit_reason::kill);
  run();
  BOOST_TEST(connects() == 1u);
  advance(250ms);
  BOOST_TEST(connects() == 2u);
  BOOST_TEST(new_calls->joins.size() == 1u);
  // One ping an interval: the tick already on its way when the gate was
  // lost serves the new gate; joining again must not start a second chain.
  advance(1s);
  BOOST_TEST(new_calls->pings.size() == 1u);
  advance(1s);
  BOOST_TEST(new_calls->pings.size() == 2u);
  BOOST_TEST(gate_calls->pings.empty());
}

BOOST_AUTO_TEST_CASE(stop_makes_a_member_leave_and_exit_normally) {
  publish({published(gate)});
  start();
  caf::anon_send(agent, stop_atom::value);
  run();
  BOOST_TEST(gate_calls->leaves == std::vector<std::string>{"worker-1"});
  BOOST_REQUIRE(exited->has_value());
  BOOST_TEST((**exited == caf::exit_reason::normal));
  advance(1s);
  BOOST_TEST(gate_calls->pings.empty());
}

BOOST_AUTO_TEST_CASE(a_member_exits_once_leaving_times_out) {
  gate_calls->answer_leaves = false;
  publish({published(gate)});
  start();
  caf::anon_send(agent, stop_atom::value);
  run();
  BOOST_TEST(gate_calls->leaves.size() == 1u);
  // No pings while it leaves, even though the gate never answers.
  advance(1min);
  BOOST_TEST(!exited->has_value());
  BOOST_TEST(gate_calls->pings.empty());
  advance(1min);
  BOOST_REQUIRE(exited->has_value());
  BOOST_TEST((**exited == caf::exit_reason::normal));
}

BOOST_AUTO_TEST_CASE(stop_before_joining_exits_at_once_without_leaving) {
  publish({nothing_published(), published(gate)});
  start();
  caf::anon_send(agent, stop_atom::value);
  run();
  BOOST_REQUIRE(exited->has_value());
  BOOST_TEST((**exited == caf::exit_reason::normal));
  advance(250ms);
  BOOST_TEST(connects() == 1u);
  BOOST_TEST(gate_calls->hellos.empty());
  BOOST_TEST(gate_calls->leaves.empty());
}

BOOST_AUTO_TEST_CASE(a_refused_proof_makes_the_agent_exit_with_unauthorized) {
  gate_calls->join_refusal = error_code::unauthorized;
  publish({published(gate)});
  start();
  BOOST_REQUIRE(exited->has_value());
  BOOST_TEST(to_problem(**exited).code == error_code::unauthorized);
  advance(10s);
  BOOST_TEST(connects() == 1u);
  BOOST_TEST(gate_calls->joins.size() == 1u);
}

BOOST_AUTO_TEST_CASE(other_refusals_of_a_join_are_retried) {
  gate_calls->join_refusal = error_code::unavailable;
  publish({published(gate)});
  start();
  BOOST_TEST(gate_calls->joins.size() == 1u);
  BOOST_TEST(!exited->has_value());
  gate_calls->join_refusal.reset();
  advance(250ms);
  BOOST_TEST(gate_calls->joins.size() == 2u);
  advance(1s);
  BOOST_TEST(gate_calls->pings.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_real_gate_admits_the_agent_s_workers_when_the_secrets_match) {
  dispatcher_settings quiet;
  quiet.node_timeout = 0ms;
  auto dispatcher = stop_at_end(spawn_dispatcher(system, quiet));
  auto real_gate = spawn_gate(system, gate_settings{dispatcher, inspector_actor{}, "s3cret"});
  publish({published(real_gate)});
  start();
  auto nodes = ask<std::vector<model::node_status>>(dispatcher, status_atom::value);
  BOOST_REQUIRE(nodes.ok());
  BOOST_REQUIRE_EQUAL(nodes->size(), 1u);
  BOOST_TEST(nodes->front().id == "worker-1");
  BOOST_TEST(nodes->front().role == "worker");
  BOOST_TEST(nodes->front().workers == 1u);
  // Its pings are answered: it stays a member without reconnecting.
  advance(3s);
  BOOST_TEST(connects() == 1u);
  BOOST_TEST(!exited->has_value());
}

BOOST_AUTO_TEST_CASE(a_real_gate_with_another_secret_makes_the_agent_exit) {
  dispatcher_settings quiet;
  quiet.node_timeout = 0ms;
  auto dispatcher = stop_at_end(spawn_dispatcher(system, quiet));
  auto real_gate =
      spawn_gate(system, gate_settings{dispatcher, inspector_actor{}, "another secret"});
  publish({published(real_gate)});
  start();
  BOOST_REQUIRE(exited->has_value());
  BOOST_TEST(to_problem(**exited).code == error_code::unauthorized);
  auto nodes = ask<std::vector<model::node_status>>(dispatcher, status_atom::value);
  BOOST_REQUIRE(nodes.ok());
  BOOST_TEST(nodes->empty());
}

BOOST_AUTO_TEST_SUITE_END()
