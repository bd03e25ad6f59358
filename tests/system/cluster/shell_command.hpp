#pragma once

// Runs the system tools the cluster tests set up their world with (ip,
// openssl), so that a failed step names the command and quotes its output.

#include <string>
#include <vector>

namespace cluster_tests {

/// `word` quoted for sh: it reaches the command as one argument, unchanged.
std::string quoted(const std::string& word);

/// Runs `words` (the first looked up in PATH, no shell interpretation of
/// the others) and returns what it wrote to stdout and stderr. Throws
/// std::runtime_error, quoting the command and its output, when it cannot
/// be run or exits with a status other than 0.
std::string run_command(const std::vector<std::string>& words);

} // namespace cluster_tests
