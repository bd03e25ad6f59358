#pragma once

#include <string>

namespace nodes {

/// The cluster secret a node or shell proves: `secret` when set, else the
/// content of `secret_file` without trailing whitespace, else the
/// environment variable CAF_NODE_CLUSTER_SECRET; empty when none is set.
/// Throws std::runtime_error when the file is unreadable or empty.
std::string read_cluster_secret(const std::string& secret, const std::string& secret_file);

} // namespace nodes
