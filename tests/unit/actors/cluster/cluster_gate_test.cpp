#include <boost/test/unit_test.hpp>

#include <memory>
#include <set>

#include <caf/send.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/cluster/cluster_gate.hpp"
#include "actors/cluster/cluster_secret.hpp"
#include "tests/unit/actors/actor_fixture.hpp"
#include "tests/unit/actors/fake_workers.hpp"

using namespace actors;
using model::error_code;
using test_support::actor_fixture;

namespace {

const std::string secret = "correct horse battery staple";

/// What the gate told the dispatcher.
struct dispatcher_log {
  std::vector<worker_offer> offers;
  std::vector<std::string> leaves;
  std::vector<std::string> pings;
};

/// A dispatcher that records what it is told. It counts enlisted nodes as
/// members (pings of others are not_found, as the real one answers), and
/// answers a leave only on tick, as the real one does once the node's
/// running jobs are done.
dispatcher_actor spawn_recording_dispatcher(caf::actor_system& system,
                                            std::shared_ptr<dispatcher_log> log) {
  using leave_promise = caf::typed_response_promise<caf::ok_atom>;
  return system.spawn([log](dispatcher_actor::pointer self) -> dispatcher_actor::behavior_type {
    auto members = std::make_shared<std::set<std::string>>();
    auto leaving = std::make_shared<std::vector<leave_promise>>();
    return {
        [](submit_atom, job_ticket&) -> caf::result<job_result> {
          return to_error(error_code::unavailable, "no jobs in these tests");
        },
        [log, members](enlist_atom, worker_offer& offer) {
          members->insert(offer.node.id);
          log->offers.push_back(std::move(offer));
        },
        [self, log, members, leaving](leave_atom, std::string& node) -> caf::result<caf::ok_atom> {
          log->leaves.push_back(node);
          members->erase(node);
          leaving->push_back(self->make_response_promise<caf::ok_atom>());
          return leaving->back();
        },
        [](quiesce_atom) { return caf::ok_atom::value; },
        [](status_atom) { return std::vector<model::node_status>{}; },
        [](inspect_atom) { return dispatch_snapshot{}; },
        [](drain_atom, std::string&, bool) { return caf::ok_atom::value; },
        [log, members](caf::ping_atom, std::string& node) -> caf::result<caf::ok_atom> {
          log->pings.push_back(node);
          if (members->count(node) == 0)
            return to_error(error_code::not_found, "node " + node + " is not a member");
          return caf::ok_atom::value;
        },
        [leaving](caf::tick_atom) {
          for (auto& promise : *leaving)
            promise.deliver(caf::ok_atom::value);
          leaving->clear();
        },
    };
  });
}

inspector_actor spawn_fake_inspector(caf::actor_system& system) {
  return system.spawn([](inspector_actor::pointer) -> inspector_actor::behavior_type {
    return {
        [](inspect_atom, std::vector<std::string>&) { return std::string("{}"); },
    };
  });
}

struct gate_fixture : actor_fixture {
  gate_fixture()
      : log(std::make_shared<dispatcher_log>()),
        dispatcher(stop_at_end(spawn_recording_dispatcher(system, log))),
        inspector(spawn_fake_inspector(system)) {
    gate = start(secret);
  }

  gate_actor start(const std::string& cluster_secret) {
    gate_settings settings;
    settings.dispatcher = dispatcher;
    settings.inspector = inspector;
    settings.secret = cluster_secret;
    auto started = spawn_gate(system, settings);
    run();
    return started;
  }

  std::string hello(const std::string& node = "worker-1") {
    auto challenge = ask<std::string>(gate, hello_atom::value, node);
    BOOST_REQUIRE(challenge.ok());
    return *challenge;
  }

  join_request request(const std::string& node, const std::string& proof) {
    join_request joining;
    joining.node_id = node;
    joining.address = "10.0.0.7";
    joining.hostname = "render-7";
    joining.version = "1.2.3";
    joining.proof = proof;
    joining.workers = {test_support::spawn_echo_worker(system, node),
                       test_support::spawn_echo_worker(system, node)};
    return joining;
  }

  /// A request proving `with_secret` for a fresh challenge of the gate.
  join_request proven(const std::string& node, const std::string& with_secret = secret) {
    auto challenge = hello(node);
    return request(node, challenge + ":" + join_proof(with_secret, challenge, node));
  }

  model::outcome<caf::ok_atom> join(const join_request& joining) {
    return ask<caf::ok_atom>(gate, join_atom::value, joining);
  }

  void require_refused(const model::outcome<caf::ok_atom>& answer,
                       error_code code = error_code::unauthorized) {
    BOOST_REQUIRE(!answer.ok());
    BOOST_TEST(answer.error().code == code);
  }

  /// Refused for its challenge, which a new one can mend: not unauthorized,
  /// so that a worker node asks again instead of giving up.
  void require_stale_challenge(const model::outcome<caf::ok_atom>& answer) {
    require_refused(answer, error_code::conflict);
  }

  std::shared_ptr<dispatcher_log> log;
  dispatcher_actor dispatcher;
  inspector_actor inspector;
  gate_actor gate;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(cluster_gate, gate_fixture)

BOOST_AUTO_TEST_CASE(hello_hands_out_a_fresh_random_challenge_each_time) {
  auto first = hello();
  auto second = hello();
  BOOST_TEST(first.size() == 64u);
  BOOST_TEST(first.find_first_not_of("0123456789abcdef") == std::string::npos);
  BOOST_TEST(first != second);
}

BOOST_AUTO_TEST_CASE(a_join_with_a_valid_proof_enlists_the_node_s_workers) {
  auto joining = proven("worker-1");
  BOOST_REQUIRE(join(joining).ok());
  BOOST_REQUIRE_EQUAL(log->offers.size(), 1u);
  const auto& offer = log->offers.front();
  BOOST_TEST(offer.node.id == "worker-1");
  BOOST_TEST(offer.node.address == "10.0.0.7");
  BOOST_TEST(offer.node.hostname == "render-7");
  BOOST_TEST(offer.node.version == "1.2.3");
  BOOST_TEST(offer.node.role == "worker");
  BOOST_TEST((offer.workers == joining.workers));
}

BOOST_AUTO_TEST_CASE(a_join_proving_another_secret_is_refused_as_unauthorized) {
  require_refused(join(proven("worker-1", "wrong secret")));
  BOOST_TEST(log->offers.empty());
}

BOOST_AUTO_TEST_CASE(a_proof_made_for_another_node_id_is_refused) {
  auto challenge = hello("worker-1");
  auto stolen = request("worker-2", challenge + ":" + join_proof(secret, challenge, "worker-1"));
  require_refused(join(stolen));
  BOOST_TEST(log->offers.empty());
}

BOOST_AUTO_TEST_CASE(a_challenge_cannot_be_used_twice) {
  auto joining = proven("worker-1");
  BOOST_REQUIRE(join(joining).ok());
  require_stale_challenge(join(joining));
  BOOST_TEST(log->offers.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_wrong_proof_uses_up_its_challenge) {
  auto challenge = hello();
  require_refused(
      join(request("worker-1", challenge + ":" + join_proof("guess", challenge, "worker-1"))));
  require_stale_challenge(
      join(request("worker-1", challenge + ":" + join_proof(secret, challenge, "worker-1"))));
  BOOST_TEST(log->offers.empty());
}

BOOST_AUTO_TEST_CASE(a_challenge_the_gate_did_not_hand_out_is_refused) {
  auto made_up = std::string(64, 'a');
  require_stale_challenge(
      join(request("worker-1", made_up + ":" + join_proof(secret, made_up, "worker-1"))));
  auto challenge = hello();
  // Without the separator the whole proof is taken for the challenge, which
  // then proves nothing.
  require_refused(join(request("worker-1", challenge)));
  BOOST_TEST(log->offers.empty());
}

BOOST_AUTO_TEST_CASE(node_ids_must_have_1_to_128_characters) {
  require_refused(join(proven("")));
  require_refused(join(proven(std::string(129, 'n'))));
  BOOST_TEST(log->offers.empty());
  BOOST_TEST(join(proven(std::string(128, 'n'))).ok());
}

BOOST_AUTO_TEST_CASE(only_the_newest_1024_challenges_stay_open) {
  auto oldest = hello();
  auto second = hello();
  for (int i = 0; i < 1023; ++i)
    hello();
  require_stale_challenge(
      join(request("worker-1", oldest + ":" + join_proof(secret, oldest, "worker-1"))));
  BOOST_TEST(join(request("worker-1", second + ":" + join_proof(secret, second, "worker-1"))).ok());
}

BOOST_AUTO_TEST_CASE(without_a_secret_any_challenge_of_the_gate_admits) {
  gate = start("");
  auto challenge = hello();
  BOOST_TEST(join(request("worker-1", challenge + ":anything")).ok());
  require_stale_challenge(join(request("worker-1", challenge + ":anything")));
  require_stale_challenge(join(request("worker-2", std::string(64, 'a') + ":anything")));
  BOOST_TEST(log->offers.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_shell_proving_the_secret_gets_the_inspector_and_enlists_nothing) {
  auto shell = proven("shell-1");
  shell.workers.clear();
  auto handed = ask<inspector_actor>(gate, shell_atom::value, shell);
  BOOST_REQUIRE(handed.ok());
  BOOST_TEST((*handed == inspector));
  BOOST_TEST(log->offers.empty());

  auto refused = ask<inspector_actor>(gate, shell_atom::value, proven("shell-1", "guess"));
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().code == error_code::unauthorized);
}

BOOST_AUTO_TEST_CASE(a_member_s_leave_is_answered_once_the_dispatcher_let_it_go) {
  BOOST_REQUIRE(join(proven("worker-1")).ok());
  auto leaving = self->request(gate, caf::infinite, leave_atom::value, std::string("worker-1"));
  run();
  BOOST_TEST(log->leaves == std::vector<std::string>{"worker-1"});
  BOOST_TEST(!answer<caf::ok_atom>(leaving).has_value());
  caf::anon_send(dispatcher, caf::tick_atom::value);
  run();
  auto left = answer<caf::ok_atom>(leaving);
  BOOST_REQUIRE(left);
  BOOST_TEST(left->ok());

  // It is no member any more: it must join again.
  auto ping = ask<caf::ok_atom>(gate, caf::ping_atom::value, std::string("worker-1"));
  BOOST_REQUIRE(!ping.ok());
  BOOST_TEST(ping.error().code == error_code::not_found);
  auto again = ask<caf::ok_atom>(gate, leave_atom::value, std::string("worker-1"));
  BOOST_REQUIRE(!again.ok());
  BOOST_TEST(again.error().code == error_code::forbidden);
  BOOST_TEST(log->leaves.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_leave_for_a_node_that_did_not_join_is_forbidden) {
  BOOST_REQUIRE(join(proven("worker-1")).ok());
  auto refused = ask<caf::ok_atom>(gate, leave_atom::value, std::string("worker-2"));
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().code == error_code::forbidden);
  BOOST_TEST(log->leaves.empty());
}

BOOST_AUTO_TEST_CASE(a_member_s_ping_is_answered_by_the_dispatcher) {
  BOOST_REQUIRE(join(proven("worker-1")).ok());
  BOOST_TEST(ask<caf::ok_atom>(gate, caf::ping_atom::value, std::string("worker-1")).ok());
  BOOST_TEST(log->pings == std::vector<std::string>{"worker-1"});
}

BOOST_AUTO_TEST_CASE(the_dispatcher_s_refusal_of_a_ping_reaches_the_node) {
  BOOST_REQUIRE(join(proven("worker-1")).ok());
  // The dispatcher lost the node (it went silent) while the gate still
  // counts it as a member.
  caf::anon_send(dispatcher, leave_atom::value, std::string("worker-1"));
  run();
  auto ping = ask<caf::ok_atom>(gate, caf::ping_atom::value, std::string("worker-1"));
  BOOST_REQUIRE(!ping.ok());
  BOOST_TEST(ping.error().code == error_code::not_found);
  BOOST_TEST(log->pings.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_ping_for_a_node_that_did_not_join_is_not_found_without_the_dispatcher) {
  auto ping = ask<caf::ok_atom>(gate, caf::ping_atom::value, std::string("worker-1"));
  BOOST_REQUIRE(!ping.ok());
  BOOST_TEST(ping.error().code == error_code::not_found);
  BOOST_TEST(log->pings.empty());
}

BOOST_AUTO_TEST_CASE(a_node_joining_again_is_enlisted_again) {
  BOOST_REQUIRE(join(proven("worker-1")).ok());
  BOOST_REQUIRE(join(proven("worker-1")).ok());
  BOOST_TEST(log->offers.size() == 2u);
  BOOST_TEST(ask<caf::ok_atom>(gate, caf::ping_atom::value, std::string("worker-1")).ok());
}

BOOST_AUTO_TEST_SUITE_END()
