#pragma once

// The components several routes share: path, query and header parameters
// with their ranges and patterns (from the constants the parsers check),
// response headers, and the schemas of labels and pages.

#include <nlohmann/json.hpp>

namespace http_api::openapi {

/// components/parameters.
nlohmann::json shared_parameters();

/// components/headers.
nlohmann::json shared_headers();

/// The hand-written schemas shared by several routes: Labels, ImagePage.
nlohmann::json shared_schemas();

} // namespace http_api::openapi
