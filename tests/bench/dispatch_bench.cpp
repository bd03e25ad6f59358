// Routing rate of the dispatcher: jobs per second through spawn_dispatcher
// with many in-process workers that answer at once, so that only the
// dispatcher's own work (queueing, loading the job from its owner, picking
// the least-loaded worker, bookkeeping, logging) is measured.
//
//   dispatch_bench [--jobs=N] [--workers=N] [--nodes=N] [--window=N] [--log]
//
// --log keeps the node's per-job log line (spdlog at info, written to
// /dev/null); without it logging is off. Prints one line:
//   dispatch jobs=200000 workers=64 nodes=8 window=256 log=off seconds=... jobs_per_s=...

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include "actors/cluster/dispatcher.hpp"
#include "actors/protocol.hpp"
#include "tests/unit/actors/fake_workers.hpp"

namespace {

struct options {
  std::uint64_t jobs = 200000;
  std::uint32_t workers = 64;
  std::uint32_t nodes = 8;
  std::uint32_t window = 256;
  bool log = false;
};

bool read_number(const char* arg, const char* name, std::uint64_t& out) {
  auto length = std::strlen(name);
  if (std::strncmp(arg, name, length) != 0 || arg[length] != '=')
    return false;
  out = std::strtoull(arg + length + 1, nullptr, 10);
  return true;
}

options parse(int argc, char** argv) {
  options opts;
  for (int i = 1; i < argc; ++i) {
    std::uint64_t value = 0;
    if (read_number(argv[i], "--jobs", value))
      opts.jobs = value;
    else if (read_number(argv[i], "--workers", value))
      opts.workers = static_cast<std::uint32_t>(value);
    else if (read_number(argv[i], "--nodes", value))
      opts.nodes = static_cast<std::uint32_t>(value);
    else if (read_number(argv[i], "--window", value))
      opts.window = static_cast<std::uint32_t>(value);
    else if (std::strcmp(argv[i], "--log") == 0)
      opts.log = true;
    else {
      std::fprintf(stderr,
                   "usage: dispatch_bench [--jobs=N] [--workers=N] [--nodes=N] [--window=N] "
                   "[--log]\n");
      std::exit(2);
    }
  }
  if (opts.jobs == 0 || opts.workers == 0 || opts.nodes == 0 || opts.window == 0 ||
      opts.nodes > opts.workers) {
    std::fprintf(stderr, "dispatch_bench: counts must be positive, nodes <= workers\n");
    std::exit(2);
  }
  return opts;
}

using done_atom = caf::atom_constant<caf::atom("done")>;

/// Keeps `window` jobs submitted until `total` have answered, then tells
/// `report` how many failed.
caf::behavior driver(caf::event_based_actor* self, actors::dispatcher_actor dispatcher,
                     actors::job_source_actor source, std::uint64_t total, std::uint32_t window,
                     caf::actor report) {
  struct counters {
    std::uint64_t sent = 0;
    std::uint64_t answered = 0;
    std::uint64_t failed = 0;
  };
  auto state = std::make_shared<counters>();
  auto submit = std::make_shared<std::function<void()>>();
  *submit = [=] {
    auto version = static_cast<std::uint32_t>(++state->sent);
    self->request(dispatcher, caf::infinite, actors::submit_atom::value,
                  actors::job_ticket{"image", version, source})
        .then(
            [=](actors::job_result&) {
              if (++state->answered == total) {
                self->send(report, done_atom::value, state->failed);
                self->quit();
              } else if (state->sent < total)
                (*submit)();
            },
            [=](caf::error&) {
              ++state->failed;
              if (++state->answered == total) {
                self->send(report, done_atom::value, state->failed);
                self->quit();
              } else if (state->sent < total)
                (*submit)();
            });
  };
  for (std::uint32_t i = 0; i < window && state->sent < total; ++i)
    (*submit)();
  return {[](caf::unit_t) {}};
}

} // namespace

int main(int argc, char** argv) {
  auto opts = parse(argc, argv);
  if (opts.log) {
    auto sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>("/dev/null");
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("bench", sink));
    spdlog::set_level(spdlog::level::info);
  } else {
    spdlog::set_level(spdlog::level::off);
  }

  caf::actor_system_config cfg;
  cfg.set("scheduler.policy", caf::atom("sharing")); // as caf-node runs
  actors::announce_protocol(cfg);
  caf::actor_system system{cfg};

  actors::dispatcher_settings settings;
  settings.node_timeout = std::chrono::milliseconds(0);
  auto dispatcher = actors::spawn_dispatcher(system, settings);
  auto source = test_support::spawn_job_source(system);
  std::uint32_t per_node = opts.workers / opts.nodes;
  std::uint32_t placed = 0;
  for (std::uint32_t n = 0; n < opts.nodes; ++n) {
    std::uint32_t count = n + 1 == opts.nodes ? opts.workers - placed : per_node;
    placed += count;
    model::node_status status;
    status.id = "node-" + std::to_string(n);
    status.role = "worker";
    std::vector<actors::worker_actor> workers;
    for (std::uint32_t w = 0; w < count; ++w)
      workers.push_back(test_support::spawn_echo_worker(system, status.id));
    caf::anon_send(dispatcher, actors::enlist_atom::value,
                   actors::worker_offer{status, std::move(workers), {}});
  }

  caf::scoped_actor self{system};
  // A short warm-up, so that the workers are enlisted and allocators warm.
  auto run = [&](std::uint64_t total) {
    auto start = std::chrono::steady_clock::now();
    system.spawn(driver, dispatcher, source, total, opts.window, caf::actor{self});
    std::uint64_t failed = 0;
    self->receive([&](done_atom, std::uint64_t count) { failed = count; });
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return std::make_pair(seconds, failed);
  };
  run(std::min<std::uint64_t>(opts.jobs / 10 + 1, 20000));
  auto [seconds, failed] = run(opts.jobs);
  std::printf("dispatch jobs=%llu workers=%u nodes=%u window=%u log=%s seconds=%.3f "
              "jobs_per_s=%.0f failed=%llu\n",
              static_cast<unsigned long long>(opts.jobs), opts.workers, opts.nodes, opts.window,
              opts.log ? "info" : "off", seconds, opts.jobs / seconds,
              static_cast<unsigned long long>(failed));
  // The workers and the dispatcher live until the process ends.
  std::fflush(stdout);
  std::_Exit(failed == 0 ? 0 : 1);
}
