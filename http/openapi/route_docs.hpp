#pragma once

// What the router cannot know about a route, written by hand: its summary,
// parameters, request body and responses, keyed by method and pattern. The
// document (openapi_document.hpp) joins them with the router's routes;
// drift_of() says where the two disagree.

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/imaging/image_limits.hpp"
#include "http/routing/router.hpp"

namespace http_api::openapi {

/// The limits a node enforces, as its options set them.
struct document_limits {
  std::size_t max_body_bytes = 0;
  std::size_t max_header_bytes = 0;
  imaging::image_limits images;
};

/// One route's description: an OpenAPI operation object without its
/// security and without the responses every route has (added by the
/// document from the access table and the error map).
struct route_doc {
  std::string method;
  std::string pattern;
  nlohmann::json operation;
};

/// Every route's description.
std::vector<route_doc> route_docs(const document_limits& limits);

/// The descriptions of the image routes: images, content, commands,
/// versions, measurements, signatures.
std::vector<route_doc> image_route_docs(const document_limits& limits);

/// The descriptions of the other routes: catalog, health, readiness,
/// metrics, cluster, access, webhooks, events, the console and this
/// document.
std::vector<route_doc> service_route_docs();

/// Where routes and descriptions disagree.
struct route_drift {
  std::vector<route_declaration> undescribed; // routes without a description
  std::vector<route_declaration> unrouted;    // descriptions of no route
  bool none() const {
    return undescribed.empty() && unrouted.empty();
  }
};

route_drift drift_of(const std::vector<route_declaration>& routes,
                     const std::vector<route_doc>& docs);

} // namespace http_api::openapi
