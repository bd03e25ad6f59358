#pragma once

// GET /v1/events: image events as Server-Sent Events (README, Event stream).

#include "http/events/event_stream_hub.hpp"
#include "http/routing/router.hpp"

namespace events {

/// Adds the route; `hub` and `log` must outlive the router.
void add_event_routes(http_api::router& routes, event_stream_hub& hub, storage::event_log& log);

} // namespace events
