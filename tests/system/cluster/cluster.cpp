#include "tests/system/cluster/cluster.hpp"

#include <boost/test/unit_test.hpp>

#include "tests/support/test_images.hpp"
#include "tests/system/integration/standalone_node.hpp"

namespace cluster_tests {

namespace {

using integration::image_path;

constexpr std::chrono::milliseconds listing_interval{20};
// Each poll of a workload asks for every image: not too often, so that the
// polling does not take the cores the jobs need.
constexpr std::chrono::milliseconds workload_interval{200};

node_process& started_head(integration::test_workspace& workspace, std::vector<std::string> args) {
  node_options options;
  options.name = "head";
  options.args = {"--node.role=head", "--worker.count=0"};
  options.args.insert(options.args.end(), args.begin(), args.end());
  auto& head = workspace.add(std::move(options));
  head.start();
  head.wait_until_healthy(deadline::in(start_limit));
  return head;
}

// The value of the last --cluster.host=... in `args`, else the default.
std::string cluster_host_in(const std::vector<std::string>& args) {
  const std::string option = "--cluster.host=";
  std::string host = "127.0.0.1";
  for (const auto& argument : args)
    if (argument.rfind(option, 0) == 0)
      host = argument.substr(option.size());
  return host;
}

bool settled_status(const nlohmann::json& version) {
  return version["status"] == "done" || version["status"] == "failed";
}

} // namespace

cluster::cluster(std::vector<std::string> head_args)
    : head(started_head(workspace, head_args)), client(head.http_port()),
      head_host_(cluster_host_in(head_args)) {}

node_options cluster::worker(const std::string& name, unsigned workers,
                             std::vector<std::string> args) const {
  node_options options;
  options.name = name;
  options.args = {"--node.role=worker",
                  "--cluster.head=" + head_host_ + ":" + std::to_string(head.cluster_port()),
                  "--worker.count=" + std::to_string(workers)};
  options.args.insert(options.args.end(), args.begin(), args.end());
  return options;
}

node_process& cluster::start(node_options options) {
  auto& node = workspace.add(std::move(options));
  node.start();
  return node;
}

nlohmann::json cluster::nodes() {
  auto reply = client.get("/v1/cluster");
  BOOST_TEST_REQUIRE(reply.status == 200, "GET /v1/cluster answered " << reply.status);
  return reply.json()["nodes"];
}

nlohmann::json cluster::node(const std::string& id) {
  for (const auto& entry : nodes())
    if (entry["id"] == id)
      return entry;
  return nullptr;
}

nlohmann::json cluster::wait_for_node(const std::string& id,
                                      const std::function<bool(const nlohmann::json&)>& wanted,
                                      const std::string& what, std::chrono::milliseconds within) {
  nlohmann::json listing;
  nlohmann::json entry;
  bool reached = test_support::poll_until(
      [&] {
        listing = nodes();
        entry = nullptr;
        for (const auto& candidate : listing)
          if (candidate["id"] == id)
            entry = candidate;
        return wanted(entry);
      },
      deadline::in(within), listing_interval);
  BOOST_TEST_REQUIRE(reached, "node " << id << " is not " << what << " after " << within.count()
                                      << " ms: " << listing.dump());
  return entry;
}

nlohmann::json cluster::wait_until_up(const std::string& id, unsigned workers,
                                      std::chrono::milliseconds within) {
  return wait_for_node(
      id,
      [&](const nlohmann::json& entry) {
        return !entry.is_null() && entry["state"] == "up" && entry["workers"] == workers;
      },
      "up with " + std::to_string(workers) + " workers", within);
}

std::string cluster::upload(const std::string& bytes) {
  auto reply = client.post("/v1/images", bytes, "application/octet-stream");
  BOOST_TEST_REQUIRE(reply.status == 201, "upload answered " << reply.status << ": " << reply.body);
  return reply.json()["id"];
}

std::uint32_t cluster::command(const std::string& id, const std::string& ops) {
  // Workloads repeat one frame: equal commands would reuse the first result
  // instead of running as jobs on the workers under test.
  auto reply = client.post(image_path(id, "/commands?reuse=false"), ops, "text/plain");
  BOOST_TEST_REQUIRE(reply.status == 202,
                     "command answered " << reply.status << ": " << reply.body);
  return reply.json()["version"];
}

nlohmann::json cluster::versions(const std::string& id) {
  auto reply = client.get(image_path(id));
  BOOST_TEST_REQUIRE(reply.status == 200, image_path(id) << " answered " << reply.status);
  return reply.json()["versions"];
}

const std::string& camera_frame() {
  static const std::string jpeg = test_images::gradient(imaging::image_format::jpeg, 1280, 720);
  return jpeg;
}

workload submit(cluster& nodes, std::size_t images, std::uint32_t commands,
                const std::string& ops) {
  workload work;
  work.commands = commands;
  for (std::size_t i = 0; i < images; ++i)
    work.images.push_back(nodes.upload(camera_frame()));
  // Round after round, so that every image has work queued early.
  for (std::uint32_t number = 1; number <= commands; ++number)
    for (const auto& id : work.images)
      BOOST_TEST_REQUIRE(nodes.command(id, ops) == number);
  return work;
}

std::map<std::string, nlohmann::json> settled(cluster& nodes, const workload& work,
                                              deadline until) {
  std::map<std::string, nlohmann::json> versions;
  std::string unsettled;
  bool all_settled = test_support::poll_until(
      [&] {
        for (const auto& id : work.images) {
          versions[id] = nodes.versions(id);
          for (const auto& version : versions[id])
            if (!settled_status(version)) {
              unsettled = id + " " + version.dump();
              return false;
            }
        }
        return true;
      },
      until, workload_interval);
  BOOST_TEST_REQUIRE(all_settled,
                     "still unsettled: " << unsettled << "; cluster: " << nodes.nodes().dump());
  return versions;
}

std::map<std::string, std::size_t>
versions_done_once(const workload& work, const std::map<std::string, nlohmann::json>& versions) {
  std::map<std::string, std::size_t> by_node;
  for (const auto& id : work.images) {
    const auto& list = versions.at(id);
    BOOST_TEST_REQUIRE(list.size() == work.commands, id << ": " << list.dump());
    for (std::uint32_t i = 0; i < work.commands; ++i) {
      const auto& version = list[i];
      BOOST_TEST(version["version"] == i + 1, id << ": " << version.dump());
      BOOST_TEST(version["status"] == "done", id << ": " << version.dump());
      if (version.contains("node"))
        ++by_node[version["node"].get<std::string>()];
    }
  }
  return by_node;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace cluster_tests
