#pragma once

// A cluster of real caf-node processes on one machine: a head without local
// workers, serving HTTP on 127.0.0.1 (of the namespace it starts in), and
// worker nodes joining it, each in a folder of one test_workspace. Tests
// drive it over HTTP and read its state from GET /v1/cluster.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/deadline.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/node_process.hpp"
#include "tests/system/integration/test_workspace.hpp"

namespace cluster_tests {

using test_support::deadline;
using test_support::node_options;
using test_support::node_process;

/// Generous bounds that only stop a hung test.
inline constexpr std::chrono::seconds start_limit{20};
inline constexpr std::chrono::seconds stop_limit{20};
inline constexpr std::chrono::seconds work_limit{60};
/// How long a worker node may take to join (or join again): the head's
/// start plus the longest reconnection backoff, with room for a loaded
/// machine.
inline constexpr std::chrono::seconds join_limit{20};
/// The dispatcher's node timeout: a node silent this long is lost.
inline constexpr std::chrono::seconds node_timeout{5};

class cluster {
public:
  /// Starts the head, a node called "head" with role head and no local
  /// workers, with `head_args` after those, and waits until it serves.
  /// Throws std::runtime_error with the end of its log when it does not.
  explicit cluster(std::vector<std::string> head_args = {});

  /// The options of a worker node called `name` with `workers` workers,
  /// joining the head where it listens (its --cluster.host, by default
  /// 127.0.0.1), followed by `args`.
  node_options worker(const std::string& name, unsigned workers,
                      std::vector<std::string> args = {}) const;

  /// Adds the node to the workspace and starts it; does not wait for it to
  /// join (see wait_for_node).
  node_process& start(node_options options);

  /// The "nodes" of GET /v1/cluster; fails the test unless it answers 200.
  nlohmann::json nodes();
  /// The entry of node `id` in GET /v1/cluster; null when it is not listed.
  nlohmann::json node(const std::string& id);
  /// Polls GET /v1/cluster until the entry of `id` (null when not listed)
  /// satisfies `wanted`, and returns it; fails the test, describing
  /// `wanted` with `what` and quoting the listing, when `within` passes
  /// first.
  nlohmann::json wait_for_node(const std::string& id,
                               const std::function<bool(const nlohmann::json&)>& wanted,
                               const std::string& what,
                               std::chrono::milliseconds within = join_limit);
  /// wait_for_node until `id` is up with `workers` workers.
  nlohmann::json wait_until_up(const std::string& id, unsigned workers,
                               std::chrono::milliseconds within = join_limit);

  /// Uploads `bytes`; requires 201 and returns the image id.
  std::string upload(const std::string& bytes);
  /// Sends `ops` in the text form to image `id`, to run as a job even when
  /// an equal result exists (reuse=false); requires 202 and returns the
  /// version number.
  std::uint32_t command(const std::string& id, const std::string& ops);
  /// The "versions" of image `id`; fails the test unless it answers 200.
  nlohmann::json versions(const std::string& id);

  integration::test_workspace workspace;
  node_process& head;
  test_support::http_client client;

private:
  std::string head_host_;
};

/// Commands sent to several images: each image gets `commands` versions,
/// numbered 1 to `commands`, which run one after the other.
struct workload {
  std::vector<std::string> images;
  std::uint32_t commands = 0;

  std::size_t size() const {
    return images.size() * commands;
  }
};

/// A 1280x720 JPEG: `blur 2` on it takes about 100 ms of one core, long
/// enough to catch jobs in flight, short enough for loads of 100.
const std::string& camera_frame();

/// Uploads camera_frame() `images` times and sends each `commands` times
/// `ops`; requires every answer to be a success.
workload submit(cluster& nodes, std::size_t images, std::uint32_t commands,
                const std::string& ops = "blur 2");

/// Polls the images until every version is done or failed, and returns the
/// versions of each image by id; fails the test when `until` passes first.
std::map<std::string, nlohmann::json> settled(cluster& nodes, const workload& work, deadline until);

/// Checks that every image has exactly the versions 1 to work.commands,
/// each done once, and returns how many versions each node ran (by the
/// versions' "node").
std::map<std::string, std::size_t>
versions_done_once(const workload& work, const std::map<std::string, nlohmann::json>& versions);

/// True when `part` occurs in `text` (a log, usually).
bool contains(const std::string& text, const std::string& part);

} // namespace cluster_tests
