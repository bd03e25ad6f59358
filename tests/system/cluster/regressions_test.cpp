// Failures the cluster once had, kept from coming back.

#include <boost/test/unit_test.hpp>

#include "tests/support/http_client.hpp"
#include "tests/system/cluster/cluster.hpp"
#include "tests/system/cluster/test_certificates.hpp"

namespace cluster_tests {

BOOST_AUTO_TEST_SUITE(regressions)

// A connection that fails its TLS handshake on the cluster port (a port
// scanner, a node without a certificate from the authority, one without
// TLS) must not disturb the joined worker nodes. CAF 0.17.6's openssl
// module leaves the handshake's error in the thread's OpenSSL error queue,
// where it was read as a failure of the next healthy connection (see
// nodes/openssl_error_queue.cpp).
BOOST_AUTO_TEST_CASE(a_failed_tls_handshake_leaves_joined_worker_nodes_alone) {
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

// A worker node stopped while jobs run must finish them, leave and exit 0
// every time. Its teardown used to hang now and then: CAF's networking keeps
// worker actors the head references alive (see nodes/worker_node.cpp).
BOOST_AUTO_TEST_CASE(a_worker_node_leaving_with_jobs_in_flight_always_exits_0) {
  constexpr int rounds = 6;
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
