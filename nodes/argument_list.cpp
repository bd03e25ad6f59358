#include "nodes/argument_list.hpp"

namespace nodes {

argument_list::argument_list(std::vector<std::string> arguments)
    : arguments_(std::move(arguments)) {
  for (auto& argument : arguments_)
    pointers_.push_back(argument.data());
  pointers_.push_back(nullptr); // argv[argc], as main() gets it
}

} // namespace nodes
