#pragma once

// The nodes of one test and the scratch directory they live in:
// <temp>/<prefix>-XXXXXX/<node name>/{storage,node.log}. When the test
// passed, everything goes with the workspace; when it failed, the directory
// stays and failure_report() says where and what the nodes logged last.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/node_process.hpp"

namespace test_support {

class node_workspace {
public:
  /// Makes the directory; throws std::runtime_error when it cannot.
  explicit node_workspace(const std::string& prefix);
  /// Kills every node still running, then removes the directory unless
  /// keep() was called.
  ~node_workspace();
  node_workspace(const node_workspace&) = delete;
  node_workspace& operator=(const node_workspace&) = delete;

  /// A new node in the folder named after it; not started. Throws
  /// std::invalid_argument when a node of that name exists. The reference
  /// stays valid as long as the workspace.
  node_process& add(node_options options);

  const std::filesystem::path& path() const {
    return path_;
  }

  /// Leaves the directory in place after the workspace is gone.
  void keep() {
    kept_ = true;
  }

  /// The directory, then for each node its log path and last `lines` log
  /// lines: what to print when a test failed.
  std::string failure_report(std::size_t lines) const;

private:
  std::filesystem::path path_;
  bool kept_ = false;
  std::vector<std::unique_ptr<node_process>> nodes_;
};

} // namespace test_support
