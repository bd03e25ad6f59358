// Nodes that die or hang under load: no accepted command is lost or run
// twice, and the cluster shows what happened.

#include <boost/test/unit_test.hpp>

#include <csignal>

#include "tests/system/cluster/cluster.hpp"
#include "tests/system/cluster/node_signals.hpp"

namespace cluster_tests {

namespace {

bool has_jobs_in_flight(const nlohmann::json& entry) {
  return !entry.is_null() && entry["in_flight"].get<int>() > 0;
}

bool is_down(const nlohmann::json& entry) {
  return !entry.is_null() && entry["state"] == "down";
}

/// Starts worker nodes "survivor" and "victim" with one worker each, waits
/// until both are up and returns the victim.
node_process& start_survivor_and_victim(cluster& nodes) {
  nodes.start(nodes.worker("survivor", 1));
  auto& victim = nodes.start(nodes.worker("victim", 1));
  nodes.wait_until_up("survivor", 1);
  nodes.wait_until_up("victim", 1);
  return victim;
}

/// Every version ran on the survivor or the victim, and each node's
/// "completed" counts exactly the versions it ran: nothing ran twice.
void expect_each_job_counted_once(cluster& nodes, const workload& work,
                                  const std::map<std::string, std::size_t>& by_node) {
  std::size_t ran = 0;
  for (const auto& [id, count] : by_node) {
    BOOST_TEST((id == "survivor" || id == "victim"), id);
    ran += count;
  }
  BOOST_TEST(ran == work.size());
  for (const std::string id : {"survivor", "victim"}) {
    auto entry = nodes.node(id);
    auto count = by_node.count(id) == 0 ? 0u : by_node.at(id);
    BOOST_TEST(entry["completed"] == count, entry.dump());
  }
}

/// The victim is listed down without workers, having lost at least the job
/// it ran when it went away; the survivor lost none.
void expect_victim_down_with_lost_jobs(cluster& nodes) {
  auto victim = nodes.node("victim");
  BOOST_TEST(is_down(victim), victim.dump());
  BOOST_TEST(victim["workers"] == 0, victim.dump());
  BOOST_TEST(victim["in_flight"] == 0, victim.dump());
  BOOST_TEST(victim["failed"].get<int>() >= 1, victim.dump());
  auto survivor = nodes.node("survivor");
  BOOST_TEST(survivor["state"] == "up", survivor.dump());
  BOOST_TEST(survivor["failed"] == 0, survivor.dump());
}

} // namespace

BOOST_AUTO_TEST_SUITE(failover)

BOOST_AUTO_TEST_CASE(kill_9_of_a_worker_node_under_load_loses_and_repeats_nothing) {
  cluster nodes;
  auto& victim = start_survivor_and_victim(nodes);
  auto work = submit(nodes, 20, 5);
  BOOST_TEST_REQUIRE(work.size() == 100u);

  nodes.wait_for_node("victim", has_jobs_in_flight, "running a job", work_limit);
  victim.kill_hard();
  // A closed connection is noticed at once, long before the node timeout.
  nodes.wait_for_node("victim", is_down, "down", node_timeout / 2);

  auto by_node = versions_done_once(work, settled(nodes, work, deadline::in(work_limit)));
  expect_each_job_counted_once(nodes, work, by_node);
  expect_victim_down_with_lost_jobs(nodes);
  BOOST_TEST(contains(nodes.head.log(), "node victim lost"));
}

BOOST_AUTO_TEST_CASE(jobs_of_a_hung_worker_node_move_on_and_it_rejoins_when_it_resumes) {
  cluster nodes;
  auto& victim = start_survivor_and_victim(nodes);
  auto work = submit(nodes, 8, 2);

  nodes.wait_for_node("victim", has_jobs_in_flight, "running a job", work_limit);
  send_signal(victim, SIGSTOP);
  // The victim's job blocks its image's next version until the head gives
  // up on the victim: everything settling proves the job moved on.
  auto versions = settled(nodes, work, deadline::in(node_timeout + work_limit));
  BOOST_TEST(victim.running());
  auto by_node = versions_done_once(work, versions);
  expect_each_job_counted_once(nodes, work, by_node);
  expect_victim_down_with_lost_jobs(nodes);
  BOOST_TEST(contains(nodes.head.log(), "node victim lost (not heard from for"));

  send_signal(victim, SIGCONT);
  nodes.wait_until_up("victim", 1);
  auto more = submit(nodes, 4, 1);
  versions_done_once(more, settled(nodes, more, deadline::in(work_limit)));
}

BOOST_AUTO_TEST_CASE(worker_nodes_rejoin_a_restarted_head_and_accepted_commands_complete) {
  cluster nodes;
  auto& one = nodes.start(nodes.worker("one", 1));
  auto& two = nodes.start(nodes.worker("two", 1));
  nodes.wait_until_up("one", 1);
  nodes.wait_until_up("two", 1);
  auto before = submit(nodes, 6, 3);

  nodes.wait_for_node("one", has_jobs_in_flight, "running a job", work_limit);
  nodes.head.kill_hard();
  nodes.head.start();
  nodes.head.wait_until_healthy(deadline::in(start_limit));
  nodes.wait_until_up("one", 1);
  nodes.wait_until_up("two", 1);
  auto after = submit(nodes, 2, 2);

  for (const auto* work : {&before, &after})
    for (const auto& [id, count] :
         versions_done_once(*work, settled(nodes, *work, deadline::in(work_limit))))
      BOOST_TEST((id == "one" || id == "two"), id << " ran " << count << " versions");
  for (auto* worker : {&one, &two}) {
    BOOST_TEST(worker->running());
    BOOST_TEST(contains(worker->log(), "lost head"), worker->name());
  }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace cluster_tests
