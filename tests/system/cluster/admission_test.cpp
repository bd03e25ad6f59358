// Who may join: a worker node must prove the cluster secret, and with TLS
// present a certificate from the cluster's authority; nothing runs on a
// node that was kept out.

#include <boost/test/unit_test.hpp>

#include <fstream>

#include "tests/system/cluster/cluster.hpp"
#include "tests/system/cluster/test_certificates.hpp"

namespace cluster_tests {

namespace {

const std::string secret = "correct horse battery staple";
constexpr int refused_exit_code = 2;

/// Runs a workload and requires every version to have run on `node`.
void expect_work_runs_only_on(cluster& nodes, const std::string& node) {
  auto work = submit(nodes, 3, 1, "flip");
  auto by_node = versions_done_once(work, settled(nodes, work, deadline::in(work_limit)));
  BOOST_TEST(by_node.size() == 1u);
  BOOST_TEST(by_node[node] == work.size());
}

/// Only the head and `member` are listed.
void expect_only_member_listed(cluster& nodes, const std::string& member) {
  auto listing = nodes.nodes();
  BOOST_TEST_REQUIRE(listing.size() == 2u, listing.dump());
  for (const auto& entry : listing)
    BOOST_TEST((entry["id"] == "head" || entry["id"] == member), listing.dump());
}

} // namespace

BOOST_AUTO_TEST_SUITE(admission)

BOOST_AUTO_TEST_CASE(worker_nodes_without_the_secret_are_refused_and_exit_2) {
  cluster nodes({"--cluster.secret=" + secret});
  auto secret_file = nodes.workspace.path() / "cluster-secret";
  std::ofstream(secret_file) << secret << "\n";
  auto& wrong = nodes.start(nodes.worker("wrong", 1, {"--cluster.secret=not the secret"}));
  auto& missing = nodes.start(nodes.worker("missing", 1));
  nodes.start(nodes.worker("member", 1, {"--cluster.secret-file=" + secret_file.string()}));

  for (auto* refused : {&wrong, &missing}) {
    BOOST_TEST_REQUIRE(refused->wait_for_exit(deadline::in(join_limit)).value_or(-1) ==
                           refused_exit_code,
                       refused->name() << " still runs or exited otherwise:\n"
                                       << refused->log_tail(10));
    BOOST_TEST(contains(refused->log(), "critical [" + refused->name() +
                                            "] the head refused to join: wrong cluster secret"));
    BOOST_TEST(
        contains(nodes.head.log(), "refused worker node " + refused->name() + " (127.0.0.1, "),
        refused->name());
  }
  nodes.wait_until_up("member", 1);
  expect_work_runs_only_on(nodes, "member");
  expect_only_member_listed(nodes, "member");
}

BOOST_AUTO_TEST_CASE(a_head_refuses_to_listen_off_loopback_without_secret_or_tls) {
  integration::test_workspace workspace;
  node_options options;
  options.name = "head";
  options.args = {"--node.role=head", "--cluster.host=0.0.0.0"};
  auto& head = workspace.add(options);
  head.start();
  BOOST_TEST_REQUIRE(head.wait_for_exit(deadline::in(start_limit)).value_or(-1) == 2,
                     head.log_tail(10));
  BOOST_TEST(contains(head.log(), "refusing to accept worker nodes on 0.0.0.0 without a cluster "
                                  "secret or TLS"),
             head.log_tail(10));
}

BOOST_AUTO_TEST_CASE(with_tls_only_nodes_with_a_certificate_of_the_authority_join) {
  integration::test_workspace scratch;
  test_authority authority(scratch.path() / "tls");
  auto rogue = self_signed(scratch.path() / "tls", "rogue");
  cluster nodes(authority.node_args(authority.issue("head")));
  nodes.start(nodes.worker("member", 1, authority.node_args(authority.issue("member"))));
  nodes.wait_until_up("member", 1);
  expect_work_runs_only_on(nodes, "member");

  // The rogue knows the authority's certificate but has none signed by it.
  auto& impostor = nodes.start(nodes.worker("impostor", 1, authority.node_args(rogue)));
  auto& plain = nodes.start(nodes.worker("plain", 1));
  for (auto* outsider : {&impostor, &plain})
    BOOST_TEST_REQUIRE(
        test_support::poll_until([&] { return contains(outsider->log(), "cannot join head"); },
                                 deadline::in(join_limit)),
        outsider->name() << " never tried:\n"
                         << outsider->log_tail(10));
  expect_work_runs_only_on(nodes, "member");
  expect_only_member_listed(nodes, "member");
  BOOST_TEST(impostor.running());
  BOOST_TEST(plain.running());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace cluster_tests
