#pragma once

// Records the test clients' exchanges for the check of answers against the
// OpenAPI document (tests/openapi/check_answers.py): when the environment
// variable CAF_NODE_EXCHANGE_LOG names a file, each exchange is appended to
// it as one JSON line. Thread- and process-safe (one write() per line, in
// append mode).

#include <string>
#include <utility>
#include <vector>

namespace test_support {

/// The variable naming the file exchanges are appended to.
inline constexpr const char* exchange_log_variable = "CAF_NODE_EXCHANGE_LOG";

struct recorded_exchange {
  std::string method;
  std::string target;       // path and query, as sent
  std::string content_type; // of the request; empty when none
  long status = 0;
  const std::vector<std::pair<std::string, std::string>>* headers = nullptr; // of the answer
  const std::string* body = nullptr;                                         // of the answer
};

/// Appends `exchange` when CAF_NODE_EXCHANGE_LOG is set: method, target,
/// request content type, status, response headers (names in lower case)
/// and the body, as JSON when the answer says application/json, else its
/// length. Does nothing otherwise.
void record_exchange(const recorded_exchange& exchange);

} // namespace test_support
