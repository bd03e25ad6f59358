// A head without workers of its own and two worker nodes share the jobs.

#include <boost/test/unit_test.hpp>

#include "tests/system/cluster/cluster.hpp"

namespace cluster_tests {

BOOST_AUTO_TEST_SUITE(sharing)

BOOST_AUTO_TEST_CASE(two_worker_nodes_share_a_batch_and_are_listed_with_their_counts) {
  cluster nodes;
  nodes.start(nodes.worker("one", 1));
  nodes.start(nodes.worker("two", 2));
  nodes.wait_until_up("one", 1);
  nodes.wait_until_up("two", 2);

  // More images than worker slots: every slot gets a job at once.
  auto work = submit(nodes, 6, 2);
  auto by_node = versions_done_once(work, settled(nodes, work, deadline::in(work_limit)));
  BOOST_TEST(by_node.size() == 2u);
  BOOST_TEST(by_node["one"] >= 1u);
  BOOST_TEST(by_node["two"] >= 1u);
  BOOST_TEST(by_node["one"] + by_node["two"] == work.size());

  auto listing = nodes.nodes();
  BOOST_TEST_REQUIRE(listing.size() == 3u, listing.dump());
  for (const auto& entry : listing) {
    std::string id = entry["id"];
    BOOST_TEST(entry["state"] == "up", entry.dump());
    BOOST_TEST(entry["role"] == (id == "head" ? "head" : "worker"), entry.dump());
    BOOST_TEST(entry["address"] == (id == "head" ? "local" : "127.0.0.1"), entry.dump());
    BOOST_TEST(entry["workers"] == (id == "head" ? 0u : id == "one" ? 1u : 2u), entry.dump());
    BOOST_TEST(entry["completed"] == by_node[id], entry.dump());
    BOOST_TEST(entry["in_flight"] == 0, entry.dump());
    BOOST_TEST(entry["failed"] == 0, entry.dump());
    BOOST_TEST(!entry["hostname"].get<std::string>().empty(), entry.dump());
    BOOST_TEST(!entry["version"].get<std::string>().empty(), entry.dump());
    BOOST_TEST(entry["last_seen"].is_string(), entry.dump());
  }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace cluster_tests
