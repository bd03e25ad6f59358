#include "tests/support/node_workspace.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace test_support {

node_workspace::node_workspace(const std::string& prefix) {
  auto pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr)
    throw std::runtime_error("cannot make a directory like " + pattern + ": " +
                             std::strerror(errno));
  path_ = pattern;
}

node_workspace::~node_workspace() {
  nodes_.clear();
  if (kept_)
    return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

node_process& node_workspace::add(node_options options) {
  for (const auto& node : nodes_)
    if (node->name() == options.name)
      throw std::invalid_argument("there is already a node called " + options.name);
  auto home = path_ / options.name;
  nodes_.push_back(std::make_unique<node_process>(home, std::move(options)));
  return *nodes_.back();
}

std::string node_workspace::failure_report(std::size_t lines) const {
  std::string report = "workspace " + path_.string() + "\n";
  for (const auto& node : nodes_)
    report += "--- " + node->name() + ": last " + std::to_string(lines) + " lines of " +
              node->log_path().string() + "\n" + node->log_tail(lines);
  return report;
}

} // namespace test_support
