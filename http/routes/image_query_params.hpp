#pragma once

// GET /v1/images?label=line:3&status=done&since=...: the query string as a
// model::image_query, strictly (README, Finding images).

#include "actors/model/image_query.hpp"
#include "actors/model/problem.hpp"
#include "http/http_message.hpp"

namespace http_api {

/// The query of `request`. invalid_request for an unknown or repeated
/// parameter (but `label`, which repeats), a malformed label, an empty
/// name, a time that is neither RFC 3339 nor an image id, an empty time
/// range, an unknown status or a limit out of range; invalid_id for a
/// malformed `before`.
model::outcome<model::image_query> image_query_params(const http_request& request);

} // namespace http_api
