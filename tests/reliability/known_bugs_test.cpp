// Failures of the product found by the reliability tests, kept as tests
// that are disabled until fixed. Run them with --run_test=known_bugs.

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <optional>
#include <string>

#include "tests/integration/samples.hpp"
#include "tests/integration/standalone_node.hpp"
#include "tests/reliability/node_processes.hpp"
#include "tests/security/node_memory.hpp"

namespace reliability {

BOOST_AUTO_TEST_SUITE(known_bugs, *boost::unit_test::disabled())

// worker.queue-limit bounds only the jobs the dispatcher holds
// (service_bridge::refuse_more_jobs reads dispatch_gauges::queued). An
// image runs one version at a time and keeps its other versions queued in
// its actor and in storage, where nothing counts them: with no worker at
// all and a limit of 5, one image accepts any number of commands (202
// each), so the backlog of accepted work has no bound and one client
// escapes the backpressure entirely.
BOOST_AUTO_TEST_CASE(known_bug_commands_queued_behind_one_image_escape_the_queue_limit) {
  constexpr int queue_limit = 5;
  integration::standalone_node node(
      {"--worker.count=0", "--worker.queue-limit=" + std::to_string(queue_limit)});
  std::string id = node.upload(integration::small_jpeg())["id"];
  auto path = integration::image_path(id, "/commands");
  for (int accepted = 1; accepted <= queue_limit; ++accepted)
    BOOST_TEST_REQUIRE(node.client.post(path, "flop", "text/plain").status == 202);
  auto beyond = node.client.post(path, "flop", "text/plain");
  BOOST_TEST(beyond.status == 503, "command " << queue_limit + 1 << " waiting for no worker: "
                                              << beyond.status << " " << beyond.body);
}

// A worker process that hangs (here stopped with SIGSTOP, as a decoder
// stuck in a loop or a frozen process would be) stops pinging; the head
// declares it lost after about 5 s and moves its job back to the queue,
// but child_workers restarts only children that exit, so the hung process
// keeps its slot forever: with worker.count=1 the head has no worker left
// and every job waits until worker.job-deadline (10 min) fails it.
BOOST_AUTO_TEST_CASE(known_bug_a_hung_worker_process_is_never_replaced) {
  constexpr std::chrono::seconds replaced_within{30};
  integration::standalone_node node({"--worker.count=1"});
  auto head = security_test::node_pid(node.process.http_port());
  std::optional<pid_t> worker;
  BOOST_TEST_REQUIRE(test_support::poll_until(
      [&] { return (worker = worker_process(head, node.process.name(), 1)).has_value(); },
      test_support::deadline::in(integration::start_limit)));
  send_signal(*worker, SIGSTOP);
  std::string id = node.upload(integration::small_jpeg())["id"];
  auto reply = node.client.post(
      integration::image_path(id, "/commands?wait=" + std::to_string(replaced_within.count())),
      "flop", "text/plain");
  BOOST_TEST(reply.status == 200, reply.body);
  BOOST_TEST(reply.json()["status"] == "done", reply.body);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace reliability
