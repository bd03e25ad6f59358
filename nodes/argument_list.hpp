#pragma once

#include <string>
#include <vector>

namespace nodes {

/// Command-line arguments, rewritten by a program before CAF parses them,
/// in the (argc, argv) form CAF's parser takes. Owns their text.
class argument_list {
public:
  explicit argument_list(std::vector<std::string> arguments);

  argument_list(const argument_list&) = delete;
  argument_list& operator=(const argument_list&) = delete;

  int argc() const {
    return static_cast<int>(arguments_.size());
  }
  char** argv() {
    return pointers_.data();
  }

private:
  std::vector<std::string> arguments_;
  std::vector<char*> pointers_;
};

} // namespace nodes
