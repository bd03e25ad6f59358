#pragma once

// A node_workspace that reports a failed test: the workspace is kept and
// the end of each node's log is printed to stderr.

#include <string>

#include "tests/support/node_workspace.hpp"

namespace integration {

class test_workspace : public test_support::node_workspace {
public:
  /// The directory is named after the running test case.
  test_workspace();
  ~test_workspace();
};

} // namespace integration
