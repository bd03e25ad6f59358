#pragma once

// POST /v1/webhooks, GET /v1/webhooks, GET and DELETE /v1/webhooks/{id}
// (admin scope when API keys are on; README, Webhooks).

#include "http/routing/router.hpp"
#include "http/webhooks/webhook_registry.hpp"

namespace webhooks {

/// Adds the routes; `registry` must outlive the router.
void add_webhook_routes(http_api::router& routes, webhook_registry& registry);

} // namespace webhooks
