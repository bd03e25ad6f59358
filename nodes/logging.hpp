#pragma once

#include <string>

namespace nodes {

/// Sets up the process-wide logger: one line per event on stderr, with time,
/// level and the node's id. `level` is one of trace, debug, info, warn,
/// error, off (validated by node_config).
void setup_logging(const std::string& level, const std::string& node_id);

} // namespace nodes
