// A head killed (kill -9) or stopped (SIGTERM) while clients upload and send
// commands without pause: whatever it acknowledged is there after each
// restart, byte for byte, no image is ever listed half-written, and every
// acknowledged command runs to its end.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <csignal>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "actors/model/digest.hpp"
#include "tests/support/test_images.hpp"
#include "tests/system/integration/samples.hpp"
#include "tests/system/integration/standalone_node.hpp"
#include "tests/system/reliability/node_processes.hpp"
#include "tests/system/reliability/stored_images.hpp"
#include "tests/system/reliability/test_seed.hpp"
#include "tests/system/reliability/upload_load.hpp"
#include "tests/system/security/node_memory.hpp"

namespace reliability {

namespace {

using test_support::deadline;

constexpr int kill_cycles = 6;
constexpr int stop_cycles = 2;
constexpr std::size_t clients = 2;
/// Acknowledgements between two interruptions: the moments vary with them.
constexpr std::uint32_t fewest_acknowledgements_between = 5;
constexpr std::uint32_t most_acknowledgements_between = 40;
/// Generous bounds that only stop a hung test.
constexpr std::chrono::seconds load_limit{30};
constexpr std::chrono::seconds stop_limit{30};
constexpr std::chrono::seconds settle_limit{60};
// Watching the acknowledgements closely makes the kill land right where
// the seed chose.
constexpr std::chrono::milliseconds ack_poll_interval{1};

const std::vector<std::string> node_args{"--worker.count=2"};

/// Images, each different: small PNG and JPEG gradients of various sizes,
/// and a few of about 250 KB, whose bodies a kill may cut in the middle.
std::vector<std::string> image_pool() {
  std::vector<std::string> pool;
  for (unsigned i = 0; i < 21; ++i)
    pool.push_back(test_images::gradient(
        i % 2 == 0 ? imaging::image_format::png : imaging::image_format::jpeg, 40 + i, 30 + i));
  for (unsigned i = 0; i < 3; ++i)
    pool.push_back(integration::noisy_jpeg(300 + i, 300));
  return pool;
}

/// The first of `lines`, to quote in a failure message; "" when none.
std::string first_of(const std::vector<std::string>& lines) {
  return lines.empty() ? std::string() : lines.front();
}

std::set<std::string> digests_of(const std::vector<std::string>& pool) {
  std::set<std::string> digests;
  for (const auto& bytes : pool)
    digests.insert(model::sha256_hex(bytes));
  return digests;
}

void wait_for_acknowledgements(const upload_load& load, std::size_t more) {
  auto target = load.acknowledged().count() + more;
  BOOST_TEST_REQUIRE(test_support::poll_until([&] { return load.acknowledged().count() >= target; },
                                              deadline::in(load_limit), ack_poll_interval),
                     "the load got " << load.acknowledged().count() << " acknowledgements, not "
                                     << target);
}

/// The checks after each restart, while the load goes on: the snapshot of
/// acknowledgements is taken before the listing, so it must all be listed.
void expect_nothing_lost(integration::standalone_node& node, const upload_load& load,
                         const std::set<std::string>& sent) {
  auto acknowledged = load.acknowledged().images();
  auto images = all_images(node.client);
  expect_acknowledged_kept(images, acknowledged);
  expect_whole(node.client, images, sent);
}

/// With retries, every request was sent until answered, with its key:
/// each upload made one image and each command one version.
void expect_exactly_once(const std::vector<nlohmann::json>& images,
                         const std::map<std::string, acknowledged_image>& acknowledged) {
  BOOST_TEST(images.size() == acknowledged.size(), "images stored but never acknowledged");
  for (const auto& image : images) {
    auto found = acknowledged.find(image["id"]);
    if (found != acknowledged.end())
      BOOST_TEST(image["versions"].size() == found->second.versions.size(), image.dump());
  }
}

/// The checks once the load stopped: every version ran to its end.
void expect_all_work_done(integration::standalone_node& node, upload_load& load,
                          after_failure policy, const std::set<std::string>& sent,
                          const std::string& what) {
  load.stop();
  auto images = settled_images(node.client, deadline::in(settle_limit));
  auto acknowledged = load.acknowledged().images();
  expect_acknowledged_kept(images, acknowledged);
  if (policy == after_failure::retry)
    expect_exactly_once(images, acknowledged);
  expect_whole(node.client, images, sent);
  auto failed = failed_versions(images);
  BOOST_TEST(failed.empty(), failed.size() << " versions failed, e.g. " << first_of(failed));
  BOOST_TEST(load.unexpected_answers().empty(), load.unexpected_answers().size()
                                                    << " unexpected answers, e.g. "
                                                    << first_of(load.unexpected_answers()));
  std::size_t versions = 0;
  for (const auto& image : images)
    versions += image["versions"].size();
  std::cout << what << ": " << load.acknowledged().count() << " acknowledgements, "
            << load.lost_requests() << " requests lost on the wire, " << images.size()
            << " images and " << versions << " versions stored, all done" << std::endl;
}

/// Runs the load on a node and ends the node with `interrupt` `cycles`
/// times, at moments chosen by the seed, starting it again on the same
/// storage each time; checks what it shows after each restart, and in the
/// end that all work is done.
void interrupt_under_load(int cycles, const std::string& what, after_failure policy,
                          const std::function<void(test_support::node_process&)>& interrupt) {
  std::mt19937 random(test_seed());
  integration::standalone_node node(node_args);
  auto pool = image_pool();
  auto sent = digests_of(pool);
  upload_load load(node.process.http_port(), clients, pool, policy);
  for (int cycle = 1; cycle <= cycles; ++cycle) {
    BOOST_TEST_CONTEXT(what << " " << cycle) {
      wait_for_acknowledgements(
          load, pick(random, fewest_acknowledgements_between, most_acknowledgements_between));
      interrupt(node.process);
      node.start_again();
      load.node_restarted();
      expect_nothing_lost(node, load, sent);
    }
  }
  expect_all_work_done(node, load, policy, sent, std::to_string(cycles) + " x " + what);
}

/// Polls until no worker process of `node` runs: they must die with it.
void expect_no_worker_process_left(const test_support::node_process& node) {
  auto joining_it = "--cluster.head=127.0.0.1:" + std::to_string(node.cluster_port());
  BOOST_TEST(test_support::poll_until([&] { return processes_with_argument(joining_it).empty(); },
                                      deadline::in(stop_limit)),
             "worker processes outlived their head");
}

/// kill -9 of the head process alone, as an operator or the OOM killer
/// would send it.
void kill_9(test_support::node_process& node) {
  send_signal(security_test::node_pid(node.http_port()), SIGKILL);
  BOOST_TEST_REQUIRE(node.wait_for_exit(deadline::in(stop_limit)).value_or(-1) == 128 + SIGKILL);
  expect_no_worker_process_left(node);
}

/// SIGTERM, as docker stop sends it: the node must exit 0.
void sigterm(test_support::node_process& node) {
  BOOST_TEST(node.terminate(deadline::in(stop_limit)) == 0, node.log_tail(10));
  expect_no_worker_process_left(node);
}

} // namespace

BOOST_AUTO_TEST_SUITE(head_crash)

BOOST_AUTO_TEST_CASE(kill_9_under_load_keeps_every_acknowledgement) {
  interrupt_under_load(kill_cycles, "kill -9", after_failure::move_on, kill_9);
}

// Clients that resend what failed, with the same Idempotency-Key, get each
// upload and each command stored exactly once, whether or not the node
// stored it before it died.
BOOST_AUTO_TEST_CASE(kill_9_under_load_with_retried_keys_stores_each_request_once) {
  interrupt_under_load(kill_cycles, "kill -9 with retries", after_failure::retry, kill_9);
}

BOOST_AUTO_TEST_CASE(sigterm_under_load_exits_0_and_keeps_every_acknowledgement) {
  interrupt_under_load(stop_cycles, "SIGTERM", after_failure::move_on, sigterm);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace reliability
