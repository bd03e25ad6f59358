#include "tests/system/shell/inspected_cluster.hpp"

#include <boost/test/unit_test.hpp>

namespace shell_tests {

inspected_cluster::inspected_cluster() : nodes({"--cluster.secret=" + cluster_secret}) {
  for (const auto* name : {"one", "two"})
    nodes.start(nodes.worker(name, 1, {"--cluster.secret=" + cluster_secret}));
  nodes.wait_until_up("one", 1);
  nodes.wait_until_up("two", 1);
}

std::vector<std::string> inspected_cluster::connection() const {
  return {"--connect=127.0.0.1:" + std::to_string(nodes.head.cluster_port()),
          "--cluster.secret=" + cluster_secret};
}

shell_run inspected_cluster::shell(const std::vector<std::string>& args, const std::string& input) {
  auto words = connection();
  words.insert(words.end(), args.begin(), args.end());
  return run_shell(words, input, nodes.workspace.path(), deadline::in(shell_limit));
}

nlohmann::json inspected_cluster::json_of(const std::string& command) {
  auto run = shell({"--json", "-c", command});
  BOOST_TEST_REQUIRE(run.exit_code == 0, command << " exited " << run.exit_code << ": " << run.err);
  BOOST_TEST(run.err.empty(), run.err);
  return nlohmann::json::parse(run.out);
}

const std::string& inspected_cluster::image_with_versions() {
  if (image_.empty()) {
    cluster_tests::workload work{{nodes.upload(cluster_tests::camera_frame())}, 0};
    for (const auto* ops : {"flip", "resize 64 64"})
      work.commands = nodes.command(work.images[0], ops);
    cluster_tests::settled(nodes, work, deadline::in(cluster_tests::work_limit));
    image_ = work.images[0];
  }
  return image_;
}

} // namespace shell_tests
