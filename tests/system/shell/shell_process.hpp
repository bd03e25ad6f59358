#pragma once

// Runs the real caf-shell as a child process, the way scripts run it.

#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/deadline.hpp"

namespace shell_tests {

struct shell_run {
  int exit_code = -1; // -1: killed at the deadline
  std::string out;
  std::string err;
};

/// The path of the caf-shell executable under test.
std::string shell_path();

/// Runs caf-shell with `args`, `input` on its standard input (not a
/// terminal), in `folder` (its output files go there too), and waits for it
/// to exit; kills it when `until` passes first.
shell_run run_shell(const std::vector<std::string>& args, const std::string& input,
                    const std::filesystem::path& folder, test_support::deadline until);

} // namespace shell_tests
