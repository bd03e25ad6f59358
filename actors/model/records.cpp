#include "actors/model/records.hpp"

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

} // namespace model
