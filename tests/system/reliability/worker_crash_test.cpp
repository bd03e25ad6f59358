// The head's worker processes killed while they run jobs: with kill -9 at
// pseudo-random moments under a steady load, and with SIGSEGV, as a decoder
// crashing on an image would. The head keeps serving, restarts the worker
// processes, and runs every accepted command exactly once (or fails it
// with a reason once its attempts are used up).

#include <boost/test/unit_test.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <iostream>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/test_images.hpp"
#include "tests/system/integration/samples.hpp"
#include "tests/system/integration/standalone_node.hpp"
#include "tests/system/reliability/acknowledgements.hpp"
#include "tests/system/reliability/node_processes.hpp"
#include "tests/system/reliability/stored_images.hpp"
#include "tests/system/reliability/test_seed.hpp"
#include "tests/system/security/node_memory.hpp"

namespace reliability {

namespace {

using integration::image_path;
using test_support::deadline;

/// standalone_node calls its node "node": its worker processes are
/// node.w1, node.w2...
const std::string head_id = "node";
const std::string worker_prefix = head_id + ".w";
constexpr int kills = 6;
constexpr std::size_t senders = 3;
constexpr std::size_t images_per_sender = 2;
/// About 100 ms of one core on a 1280x720 frame: long enough for kills to
/// land inside jobs.
const std::string short_job = "blur 2";
/// About a second: long enough to signal a worker surely inside the job.
const std::string long_job = "blur 20\nblur 20";
/// Generous bounds that only stop a hung test.
constexpr std::chrono::seconds join_limit{20};
constexpr std::chrono::seconds load_limit{30};
constexpr std::chrono::seconds settle_limit{60};
constexpr std::chrono::milliseconds cluster_poll_interval{20};

const std::string& camera_frame() {
  static const std::string jpeg = test_images::gradient(imaging::image_format::jpeg, 1280, 720);
  return jpeg;
}

std::string worker_id(unsigned index) {
  return worker_prefix + std::to_string(index);
}

/// GET /v1/cluster polled until `wanted` holds for its node list; returns
/// that list. Fails the test, quoting the list, when `within` passes first.
template<class Wanted>
nlohmann::json cluster_when(const test_support::http_client& client, Wanted wanted,
                            const std::string& what, std::chrono::milliseconds within) {
  nlohmann::json nodes;
  bool reached = test_support::poll_until(
      [&] {
        auto reply = client.get("/v1/cluster");
        nodes = reply.status == 200 ? reply.json()["nodes"] : nlohmann::json();
        return reply.status == 200 && wanted(nodes);
      },
      deadline::in(within), cluster_poll_interval);
  BOOST_TEST_REQUIRE(reached, "the cluster never showed " << what << ": " << nodes.dump());
  return nodes;
}

/// Waits until the worker processes 1 to `count` are all up, with one
/// worker each.
void wait_for_worker_processes(const test_support::http_client& client, unsigned count) {
  cluster_when(
      client,
      [&](const nlohmann::json& nodes) {
        return std::count_if(nodes.begin(), nodes.end(), [](const nlohmann::json& node) {
                 return node["role"] == "worker" && node["state"] == "up" && node["workers"] == 1;
               }) == count;
      },
      std::to_string(count) + " worker processes up", join_limit);
}

/// Indexes of the worker processes that run a job now; waits until there
/// is at least one.
std::vector<unsigned> busy_workers(const test_support::http_client& client) {
  std::vector<unsigned> busy;
  cluster_when(
      client,
      [&](const nlohmann::json& nodes) {
        busy.clear();
        for (const auto& node : nodes)
          if (node["role"] == "worker" && node["state"] == "up" && node["in_flight"] > 0)
            busy.push_back(std::stoul(node["id"].get<std::string>().substr(worker_prefix.size())));
        return !busy.empty();
      },
      "a worker process running a job", load_limit);
  return busy;
}

/// The process of worker `index`, which must run.
pid_t worker_pid(integration::standalone_node& node, unsigned index) {
  auto pid = worker_process(security_test::node_pid(node.process.http_port()), head_id, index);
  BOOST_TEST_REQUIRE(pid.has_value(), worker_id(index) << " has no process");
  return *pid;
}

/// Signals such as SIGSEGV dump core by default; the node and its worker
/// processes inherit this limit when they start.
struct without_core_dumps {
  without_core_dumps() {
    rlimit none{0, 0};
    BOOST_TEST_REQUIRE(::setrlimit(RLIMIT_CORE, &none) == 0);
  }
};

/// A node whose worker processes may crash without leaving core files.
struct crash_prone_node : without_core_dumps, integration::standalone_node {
  explicit crash_prone_node(std::vector<std::string> args)
      : integration::standalone_node(std::move(args)) {}
};

struct crashed_job {
  std::string image;
  std::string lost_worker; // the node id of the worker process that crashed
};

/// Gives version 1 of a new image a long job and sends SIGSEGV to the
/// worker process that runs it, as a decoder crashing on the image would.
crashed_job crash_a_worker_in_a_job(crash_prone_node& node, unsigned workers) {
  wait_for_worker_processes(node.client, workers);
  std::string id = node.upload(camera_frame())["id"];
  BOOST_TEST_REQUIRE(node.command_text(id, long_job)["version"] == 1);
  auto busy = busy_workers(node.client);
  BOOST_TEST_REQUIRE(busy.size() == 1u);
  send_signal(worker_pid(node, busy.front()), SIGSEGV);
  return {id, worker_id(busy.front())};
}

/// Clients sending commands with ?wait=30, each to its own images in
/// turn, and recording every 200 or 202. Anything else is a problem: the
/// head never stops serving in these tests.
class command_senders {
public:
  command_senders(std::uint16_t port, const std::vector<std::string>& images,
                  acknowledgements& acknowledged)
      : problems_(senders) {
    for (std::size_t sender = 0; sender < senders; ++sender)
      threads_.emplace_back([&, port, sender] {
        test_support::http_client client(port);
        for (std::size_t round = 0; !stopping_; ++round) {
          const auto& id = images[sender * images_per_sender + round % images_per_sender];
          try {
            auto reply = client.post(image_path(id, "/commands?wait=30"), short_job, "text/plain");
            if (reply.status == 200 || reply.status == 202)
              acknowledged.add_version(id, reply.json()["version"]);
            else
              problems_[sender].push_back(id + " answered " + std::to_string(reply.status) + ": " +
                                          reply.body);
          } catch (const std::exception& failure) {
            problems_[sender].push_back(id + ": " + failure.what());
          }
        }
      });
  }

  /// Lets each sender finish its command at hand and joins them; returns
  /// the problems they met.
  std::vector<std::string> stop() {
    stopping_ = true;
    for (auto& thread : threads_)
      thread.join();
    std::vector<std::string> all;
    for (const auto& problems : problems_)
      all.insert(all.end(), problems.begin(), problems.end());
    return all;
  }

private:
  std::atomic<bool> stopping_{false};
  std::vector<std::vector<std::string>> problems_; // one list per sender
  std::vector<std::thread> threads_;
};

} // namespace

BOOST_AUTO_TEST_SUITE(worker_crash)

// The attempts are more than the kills, so that no job can run out of them
// however the kills fall: every command must end done.
BOOST_AUTO_TEST_CASE(kill_9_of_worker_processes_under_load_runs_every_command_once) {
  std::mt19937 random(test_seed());
  integration::standalone_node node(
      {"--worker.count=2", "--worker.max-attempts=" + std::to_string(kills + 2)});
  wait_for_worker_processes(node.client, 2);
  acknowledgements acknowledged;
  std::vector<std::string> images;
  for (std::size_t i = 0; i < senders * images_per_sender; ++i) {
    images.push_back(node.upload(camera_frame())["id"]);
    acknowledged.add_image(images.back(), camera_frame());
  }
  command_senders load(node.process.http_port(), images, acknowledged);
  for (int kill = 1; kill <= kills; ++kill) {
    auto target = acknowledged.count() + pick(random, 1, 4);
    BOOST_TEST_REQUIRE(test_support::poll_until([&] { return acknowledged.count() >= target; },
                                                deadline::in(load_limit)));
    auto busy = busy_workers(node.client);
    auto victim = busy[pick(random, 0, static_cast<std::uint32_t>(busy.size() - 1))];
    send_signal(worker_pid(node, victim), SIGKILL);
  }
  auto problems = load.stop();
  BOOST_TEST(problems.empty(), problems.size() << " commands went wrong, e.g. "
                                               << (problems.empty() ? "" : problems.front()));

  auto stored = settled_images(node.client, deadline::in(settle_limit));
  auto expected = acknowledged.images();
  expect_acknowledged_kept(stored, expected);
  std::size_t versions = 0;
  for (const auto& image : stored) {
    auto numbers = expected.at(image["id"]).versions;
    std::sort(numbers.begin(), numbers.end());
    BOOST_TEST_REQUIRE(image["versions"].size() == numbers.size(), image["id"]);
    for (std::uint32_t number = 1; number <= numbers.size(); ++number) {
      BOOST_TEST(numbers[number - 1] == number, image["id"]);
      BOOST_TEST(image["versions"][number - 1]["status"] == "done", image["versions"]);
    }
    versions += numbers.size();
  }
  wait_for_worker_processes(node.client, 2);
  std::cout << kills << " worker processes killed in jobs: " << versions
            << " commands accepted, each done once" << std::endl;
}

BOOST_AUTO_TEST_CASE(a_worker_crashing_in_a_job_costs_one_attempt_and_another_worker_runs_it) {
  crash_prone_node node({"--worker.count=2"});
  auto crash = crash_a_worker_in_a_job(node, 2);

  auto version = node.settled_version(crash.image, 1);
  BOOST_TEST(version["status"] == "done", version.dump());
  BOOST_TEST(version["node"] != crash.lost_worker, version.dump());
  BOOST_TEST(node.client.get("/health").status == 200);
  wait_for_worker_processes(node.client, 2);
  // GraphicsMagick's own SIGSEGV handler ends the process with abort():
  // the head sees SIGABRT.
  BOOST_TEST(node.process.log().find("worker process " + crash.lost_worker + " ended (signal") !=
                 std::string::npos,
             node.process.log_tail(10));
}

BOOST_AUTO_TEST_CASE(with_one_attempt_a_worker_crashing_in_a_job_fails_it_naming_the_lost_worker) {
  crash_prone_node node({"--worker.count=1", "--worker.max-attempts=1"});
  auto crash = crash_a_worker_in_a_job(node, 1);

  auto failed = node.settled_version(crash.image, 1);
  BOOST_TEST(failed["status"] == "failed", failed.dump());
  BOOST_TEST(failed["error"]["code"] == "unavailable", failed.dump());
  std::string reason = failed["error"]["message"];
  BOOST_TEST(reason.find("node " + crash.lost_worker + " was lost") != std::string::npos, reason);
  // The restarted worker serves the next command.
  wait_for_worker_processes(node.client, 1);
  BOOST_TEST(node.command_text(crash.image, "flop")["version"] == 2);
  BOOST_TEST(node.settled_version(crash.image, 2)["status"] == "done");
}

// A worker process that hangs (stopped with SIGSTOP here, as a decoder stuck
// in a loop or a frozen process would be) keeps its connection and never
// exits: once the head finds it silent, it kills it and starts another.
BOOST_AUTO_TEST_CASE(a_hung_worker_process_is_killed_and_replaced) {
  constexpr std::chrono::seconds replaced_within{30};
  integration::standalone_node node({"--worker.count=1"});
  wait_for_worker_processes(node.client, 1);
  auto head = security_test::node_pid(node.process.http_port());
  std::optional<pid_t> hung;
  BOOST_TEST_REQUIRE(test_support::poll_until(
      [&] { return (hung = worker_process(head, node.process.name(), 1)).has_value(); },
      test_support::deadline::in(integration::start_limit)));
  send_signal(*hung, SIGSTOP);
  std::string id = node.upload(integration::small_jpeg())["id"];
  auto reply = node.client.post(
      integration::image_path(id, "/commands?wait=" + std::to_string(replaced_within.count())),
      "flop", "text/plain");
  BOOST_TEST(reply.status == 200, reply.body);
  BOOST_TEST(reply.json()["status"] == "done", reply.body);
  BOOST_TEST(node.process.log().find("is hung; killing it to start a new one") != std::string::npos,
             node.process.log_tail(20));
  auto replacement = worker_process(head, node.process.name(), 1);
  BOOST_TEST((replacement.has_value() && *replacement != *hung));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace reliability
