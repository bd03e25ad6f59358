#include "actors/model/webhook.hpp"

#include <algorithm>

namespace model {

bool wants(const webhook& hook, const image_event& event) {
  if (std::find(hook.events.begin(), hook.events.end(), event.type) == hook.events.end())
    return false;
  for (const auto& [key, value] : hook.labels) {
    auto found = event.image.labels.find(key);
    if (found == event.image.labels.end() || found->second != value)
      return false;
  }
  return true;
}

} // namespace model
