#pragma once

// A real caf-node in standalone mode, started in a fresh test_workspace and
// serving on 127.0.0.1, with a client and the requests most tests make.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/http_client.hpp"
#include "tests/system/integration/test_workspace.hpp"

namespace integration {

/// Generous bounds for a start and for jobs on a loaded machine; they only
/// stop a hung test.
inline constexpr std::chrono::seconds start_limit{20};
inline constexpr std::chrono::seconds job_limit{30};

class standalone_node {
public:
  /// Starts the node with `args` after its defaults and waits until it is
  /// healthy; throws std::runtime_error with the log's end when it is not.
  explicit standalone_node(std::vector<std::string> args = {});

  /// Uploads `bytes` as the raw body to /v1/images`query`; requires 201 and
  /// returns the image.
  nlohmann::json upload(const std::string& bytes, const std::string& query = "");

  /// Sends `ops` in the text form; requires 202 and returns the version.
  nlohmann::json command_text(const std::string& id, const std::string& ops);

  /// Polls the version until it is done or failed and returns it; fails the
  /// test when it does not settle within job_limit.
  nlohmann::json settled_version(const std::string& id, std::uint32_t number);

  /// Starts the node again after it ended (on the same storage and port)
  /// and waits until it is healthy.
  void start_again();

  test_workspace workspace;
  test_support::node_process& process;
  test_support::http_client client;
};

/// "/v1/images/<id>" followed by `rest`.
std::string image_path(const std::string& id, const std::string& rest = "");

/// The "error"."code" of an error reply; fails the test unless the body has
/// the shape {"error":{"code":"...","message":"..."}} with a non-empty
/// message.
std::string error_code_of(const test_support::http_reply& reply);

} // namespace integration
