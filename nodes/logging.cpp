#include "nodes/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace nodes {

void setup_logging(const std::string& level, const std::string& node_id) {
  auto logger = spdlog::stderr_logger_mt("caf-node");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l [" + node_id + "] %v",
                      spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

} // namespace nodes
