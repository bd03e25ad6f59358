// Failures of the product found by the reliability tests, kept as tests
// that are disabled until fixed. Run them with --run_test=known_bugs.

#include <boost/test/unit_test.hpp>

#include <string>

#include "tests/integration/samples.hpp"
#include "tests/integration/standalone_node.hpp"

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

BOOST_AUTO_TEST_SUITE_END()

} // namespace reliability
