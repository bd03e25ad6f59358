#include "http/openapi/route_docs.hpp"

#include <algorithm>

namespace http_api::openapi {

std::vector<route_doc> route_docs(const document_limits& limits) {
  auto docs = image_route_docs(limits);
  for (auto& doc : service_route_docs())
    docs.push_back(std::move(doc));
  return docs;
}

route_drift drift_of(const std::vector<route_declaration>& routes,
                     const std::vector<route_doc>& docs) {
  route_drift drift;
  for (const auto& route : routes)
    if (std::none_of(docs.begin(), docs.end(), [&](const route_doc& doc) {
          return doc.method == route.method && doc.pattern == route.pattern;
        }))
      drift.undescribed.push_back(route);
  for (const auto& doc : docs)
    if (std::none_of(routes.begin(), routes.end(), [&](const route_declaration& route) {
          return doc.method == route.method && doc.pattern == route.pattern;
        }))
      drift.unrouted.push_back({doc.method, doc.pattern});
  return drift;
}

} // namespace http_api::openapi
