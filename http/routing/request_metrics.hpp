#pragma once

// Counts every answered request by route, method and status, and records
// how long it took (see actors/telemetry/metric_catalog.hpp).

#include <memory>

#include "actors/telemetry/metrics.hpp"
#include "http/routing/router.hpp"

namespace http_api {

/// A middleware recording each request once answered into `metrics`.
/// Requests that matched no route count under the route "unmatched", so that
/// scanners cannot create a series per path.
middleware record_requests(std::shared_ptr<telemetry::metrics> metrics);

} // namespace http_api
