// Failures of the cluster found by running it, kept as tests that are
// disabled until fixed. Run them with --run_test=known_bugs.

#include <boost/test/unit_test.hpp>

#include "tests/cluster/cluster.hpp"
#include "tests/cluster/test_certificates.hpp"
#include "tests/support/http_client.hpp"

namespace cluster_tests {

BOOST_AUTO_TEST_SUITE(known_bugs, *boost::unit_test::disabled())

// With TLS on the cluster port, any connection that fails its TLS handshake
// (a port scanner, a worker node without a certificate from the authority,
// one without TLS) makes the head drop every joined worker node about one
// message later: their jobs in flight are lost and retried, and a job hit
// worker.max-attempts times fails. The nodes rejoin, so the cluster limps on
// with one drop per failed handshake. Without TLS the same probe is
// harmless. The handshake's OpenSSL error seems to stay in the thread's
// error queue and to be read as a failure of the next healthy connection
// (CAF 0.17.6's openssl module does not clear it).
BOOST_AUTO_TEST_CASE(known_bug_a_failed_tls_handshake_drops_every_joined_worker_node) {
  integration::test_workspace scratch;
  test_authority authority(scratch.path() / "tls");
  cluster nodes(authority.node_args(authority.issue("head")));
  nodes.start(nodes.worker("member", 1, authority.node_args(authority.issue("member"))));
  nodes.wait_until_up("member", 1);

  // What a port scanner does: connect, send nothing, close.
  test_support::raw_connection(nodes.head.cluster_port()).close();
  // Jobs long enough for heartbeats to cross the member's connection too.
  auto work = submit(nodes, 2, 1, "blur 2\nblur 2\nblur 2\nblur 2\nblur 2");
  versions_done_once(work, settled(nodes, work, deadline::in(work_limit)));

  BOOST_TEST(!contains(nodes.head.log(), "node member lost"), nodes.head.log_tail(10));
  auto member = nodes.node("member");
  BOOST_TEST(member["failed"] == 0, member.dump());
  BOOST_TEST(member["completed"] == work.size(), member.dump());
}

// A worker node told to stop (SIGTERM) while it runs jobs lets them finish,
// leaves, logs "stopped" and then, about one time in five to ten, never
// exits: the main thread waits forever in caf::actor_system::~actor_system
// -> await_detached_threads, while the private thread of a detached actor
// (the workers are spawned detached) waits in
// private_thread::await_self_destroyed, so something still holds a strong
// reference to a worker that has terminated. Leaving while idle was not
// seen to hang. The head may still hold proxies of the node's workers when
// the node shuts down (a race with its leave), and the middleman keeps
// local actors known to a remote node alive.
BOOST_AUTO_TEST_CASE(known_bug_a_worker_node_leaving_with_jobs_in_flight_always_exits_0) {
  constexpr int rounds = 25;
  constexpr std::chrono::seconds exit_limit{10};
  cluster nodes;
  for (int round = 1; round <= rounds; ++round) {
    auto name = "leaver-" + std::to_string(round);
    auto& leaver = nodes.start(nodes.worker(name, 1));
    nodes.wait_until_up(name, 1);
    submit(nodes, 1, 1, "blur 2\nblur 2\nblur 2");
    nodes.wait_for_node(
        name, [](const nlohmann::json& entry) { return entry["in_flight"] == 1; },
        "running the job", work_limit);
    BOOST_TEST_REQUIRE(leaver.terminate(deadline::in(exit_limit)) == 0,
                       "round " << round << ": " << leaver.log_tail(5));
  }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace cluster_tests
