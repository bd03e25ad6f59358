// A head and a worker node in separate network namespaces: they talk over a
// veth link with their own addresses, as two machines would.

#include <boost/test/unit_test.hpp>

#include "tests/system/cluster/cluster.hpp"
#include "tests/system/cluster/network_namespaces.hpp"

namespace cluster_tests {

namespace {

/// The head's namespace, entered by the test's thread: the head starts in
/// it, and the test reaches the head's HTTP API on that namespace's
/// loopback.
struct head_namespace_fixture {
  namespace_pair namespaces;
  inside_namespace inside{namespaces.head_namespace()};
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(namespaces, head_namespace_fixture)

BOOST_AUTO_TEST_CASE(a_worker_node_in_another_namespace_joins_over_the_link_and_runs_jobs) {
  const std::string secret = "namespaces";
  const std::string head_address = namespace_pair::head_address;
  cluster nodes({"--cluster.host=" + head_address, "--cluster.secret=" + secret});
  auto options = nodes.worker("remote", 1, {"--cluster.secret=" + secret});
  options.command_prefix = {"ip", "netns", "exec", namespaces.worker_namespace()};
  nodes.start(options);

  auto joined = nodes.wait_until_up("remote", 1);
  BOOST_TEST(joined["address"] == namespace_pair::worker_address, joined.dump());
  auto work = submit(nodes, 2, 1, "flip");
  auto by_node = versions_done_once(work, settled(nodes, work, deadline::in(work_limit)));
  BOOST_TEST(by_node["remote"] == work.size());
  BOOST_TEST(contains(nodes.head.log(), "worker nodes join on " + head_address + ":"));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace cluster_tests
