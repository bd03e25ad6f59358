#include "actors/model/records.hpp"

#include <ostream>

namespace model {

const char* to_string(version_status status) noexcept {
  switch (status) {
  case version_status::queued:
    return "queued";
  case version_status::running:
    return "running";
  case version_status::done:
    return "done";
  case version_status::failed:
    return "failed";
  }
  return "failed";
}

std::ostream& operator<<(std::ostream& out, version_status status) {
  return out << to_string(status);
}

} // namespace model
