#pragma once

// Examples of the API's answers, recorded from a real node, that the
// document shows beside the schemas they must match (openapi_answers
// validates each against its schema).

#include <string>
#include <vector>

namespace http_api::openapi {

struct response_example {
  std::string method;
  std::string pattern; // the route's pattern, as in the router
  std::string status;
  std::string json; // the answer's body
};

const std::vector<response_example>& response_examples();

} // namespace http_api::openapi
