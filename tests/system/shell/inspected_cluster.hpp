#pragma once

// A head with a cluster secret and two worker nodes of one worker each
// ("one", "two"), and caf-shell connected to it: the fixture of the shell
// tests.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/system/cluster/cluster.hpp"
#include "tests/system/shell/shell_process.hpp"

namespace shell_tests {

using cluster_tests::deadline;

inline const std::string cluster_secret = "inspection shell secret";

/// Bounds a single caf-shell run; it only stops a hung test.
inline constexpr std::chrono::seconds shell_limit{15};

class inspected_cluster {
public:
  inspected_cluster();

  /// --connect and --cluster.secret for this head.
  std::vector<std::string> connection() const;

  /// caf-shell with connection() and then `args`, `input` on stdin.
  shell_run shell(const std::vector<std::string>& args, const std::string& input = "");

  /// The --json answer of `command`; fails the test unless it exits 0.
  nlohmann::json json_of(const std::string& command);

  /// An image with two done versions, uploaded once.
  const std::string& image_with_versions();

  cluster_tests::cluster nodes;

private:
  std::string image_;
};

} // namespace shell_tests
