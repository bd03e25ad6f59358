#include "actors/model/version.hpp"

namespace model {

const char* service_version() noexcept {
  return CAF_NODE_VERSION;
}

} // namespace model
