#include "nodes/cluster_secret_source.hpp"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace nodes {

std::string read_cluster_secret(const std::string& secret, const std::string& secret_file) {
  if (!secret.empty())
    return secret;
  if (!secret_file.empty()) {
    std::ifstream file(secret_file);
    std::string content((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (!file && !file.eof())
      throw std::runtime_error("cannot read cluster.secret-file " + secret_file);
    while (!content.empty() && std::isspace(static_cast<unsigned char>(content.back())))
      content.pop_back();
    if (content.empty())
      throw std::runtime_error("cluster.secret-file " + secret_file + " is empty");
    return content;
  }
  if (const char* from_environment = std::getenv("CAF_NODE_CLUSTER_SECRET"))
    return from_environment;
  return {};
}

} // namespace nodes
