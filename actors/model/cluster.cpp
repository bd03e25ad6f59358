#include "actors/model/cluster.hpp"

#include <ostream>

namespace model {

const char* to_string(node_state state) noexcept {
  switch (state) {
  case node_state::up:
    return "up";
  case node_state::draining:
    return "draining";
  case node_state::down:
    return "down";
  }
  return "down";
}

std::ostream& operator<<(std::ostream& out, node_state state) {
  return out << to_string(state);
}

} // namespace model
