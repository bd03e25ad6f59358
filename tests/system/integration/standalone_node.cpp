#include "tests/system/integration/standalone_node.hpp"

#include <boost/test/unit_test.hpp>

#include "tests/support/deadline.hpp"

namespace integration {

namespace {

using test_support::deadline;

test_support::node_process& started(test_support::node_workspace& workspace,
                                    std::vector<std::string> args) {
  test_support::node_options options;
  options.args = std::move(args);
  auto& process = workspace.add(std::move(options));
  process.start();
  process.wait_until_healthy(deadline::in(start_limit));
  return process;
}

} // namespace

standalone_node::standalone_node(std::vector<std::string> args)
    : process(started(workspace, std::move(args))), client(process.http_port()) {}

nlohmann::json standalone_node::upload(const std::string& bytes, const std::string& query) {
  auto reply = client.post("/v1/images" + query, bytes, "application/octet-stream");
  BOOST_TEST_REQUIRE(reply.status == 201, "upload answered " << reply.status << ": " << reply.body);
  return reply.json();
}

nlohmann::json standalone_node::command_text(const std::string& id, const std::string& ops) {
  auto reply = client.post(image_path(id, "/commands"), ops, "text/plain");
  BOOST_TEST_REQUIRE(reply.status == 202,
                     "command answered " << reply.status << ": " << reply.body);
  return reply.json();
}

nlohmann::json standalone_node::settled_version(const std::string& id, std::uint32_t number) {
  nlohmann::json version;
  auto path = image_path(id, "/versions/" + std::to_string(number));
  bool settled = test_support::poll_until(
      [&] {
        auto reply = client.get(path);
        BOOST_TEST_REQUIRE(reply.status == 200, path << " answered " << reply.status);
        version = reply.json();
        return version["status"] == "done" || version["status"] == "failed";
      },
      deadline::in(job_limit));
  BOOST_TEST_REQUIRE(settled, path << " is still " << version["status"]);
  return version;
}

void standalone_node::start_again() {
  process.start();
  process.wait_until_healthy(deadline::in(start_limit));
}

std::string image_path(const std::string& id, const std::string& rest) {
  return "/v1/images/" + id + rest;
}

std::string error_code_of(const test_support::http_reply& reply) {
  BOOST_TEST_REQUIRE(reply.header("Content-Type") == "application/json", reply.body);
  auto body = reply.json();
  BOOST_TEST_REQUIRE(body.size() == 1u, reply.body);
  auto error = body["error"];
  BOOST_TEST_REQUIRE(error.is_object(), reply.body);
  BOOST_TEST_REQUIRE(error.size() == 2u, reply.body);
  BOOST_TEST_REQUIRE(error["code"].is_string(), reply.body);
  BOOST_TEST_REQUIRE(error["message"].is_string(), reply.body);
  BOOST_TEST_REQUIRE(!error["message"].get<std::string>().empty(), reply.body);
  return error["code"];
}

} // namespace integration
