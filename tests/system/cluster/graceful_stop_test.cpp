// SIGTERM: a worker node leaves after finishing its running jobs; a head
// stops and exits 0.

#include <boost/test/unit_test.hpp>

#include <csignal>

#include "tests/system/cluster/cluster.hpp"
#include "tests/system/cluster/node_signals.hpp"

namespace cluster_tests {

BOOST_AUTO_TEST_SUITE(graceful_stop)

BOOST_AUTO_TEST_CASE(sigterm_lets_a_worker_node_finish_its_jobs_and_leave_then_stops_the_head) {
  cluster nodes;
  auto& leaver = nodes.start(nodes.worker("leaver", 2));
  nodes.wait_until_up("leaver", 2);
  // As many images as the leaver has workers: each job is on a worker, none
  // waits in the queue. Four blurs take long enough to be still running
  // when the signal arrives.
  auto work = submit(nodes, 2, 1, "blur 2\nblur 2\nblur 2\nblur 2");
  nodes.wait_for_node(
      "leaver", [](const nlohmann::json& entry) { return entry["in_flight"] == 2; },
      "running both jobs", work_limit);

  send_signal(leaver, SIGTERM);
  auto by_node = versions_done_once(work, settled(nodes, work, deadline::in(work_limit)));
  BOOST_TEST(by_node["leaver"] == work.size());
  BOOST_TEST(contains(nodes.head.log(), "node leaver is leaving: draining 2 jobs"),
             nodes.head.log_tail(10));
  auto left = nodes.wait_for_node(
      "leaver", [](const nlohmann::json& entry) { return entry["state"] == "down"; }, "down");
  BOOST_TEST(left["workers"] == 0, left.dump());
  BOOST_TEST(left["completed"] == work.size(), left.dump());
  BOOST_TEST(left["failed"] == 0, left.dump());
  auto exit_code = leaver.wait_for_exit(deadline::in(stop_limit));
  BOOST_TEST((exit_code && *exit_code == 0), leaver.log_tail(10));

  BOOST_TEST(nodes.head.terminate(deadline::in(stop_limit)) == 0, nodes.head.log_tail(10));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace cluster_tests
