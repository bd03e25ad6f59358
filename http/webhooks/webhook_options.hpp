#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace webhooks {

/// How events are delivered and kept (the [webhooks] and [events] options).
struct webhook_options {
  /// Hosts a webhook may deliver to, as in its URL; empty: any.
  std::vector<std::string> allowed_hosts;
  /// One POST, connecting included.
  std::chrono::milliseconds attempt_timeout{5000};
  /// The wait after a first failed attempt; it doubles with each further
  /// one, up to retry_delay_max, and each wait is drawn between half and
  /// all of it (jitter), so that receivers coming back are not hit at once.
  std::chrono::milliseconds retry_delay{1000};
  std::chrono::milliseconds retry_delay_max{std::chrono::minutes(15)};
  /// An event that could not be delivered for this long is given up.
  std::chrono::milliseconds give_up_after{std::chrono::hours(24)};
  /// Events are kept at least this long (for Last-Event-ID) and until
  /// every webhook is done with them.
  std::chrono::milliseconds event_retention{std::chrono::hours(1)};
};

} // namespace webhooks
