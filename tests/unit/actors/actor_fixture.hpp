#pragma once

// Runs actors deterministically on CAF's test coordinator: nothing happens
// until the test runs the scheduler, and time moves only when the test
// advances it.

#include <optional>
#include <string>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include "actors/protocol.hpp"
#include "actors/service/problem_error.hpp"

namespace test_support {

struct testing_config : caf::actor_system_config {
  testing_config() {
    set("scheduler.policy", caf::atom("testing"));
    actors::announce_protocol(*this);
  }
};

class actor_fixture {
public:
  actor_fixture()
      : system(config),
        scheduler(dynamic_cast<caf::scheduler::test_coordinator&>(system.scheduler())),
        self(system, true) {}

  ~actor_fixture() {
    // Undelivered response promises keep their actor alive, so actors that
    // may hold some are stopped explicitly; pending timeouts hold references
    // too, so they are fired.
    for (auto& actor : stop_at_end_)
      caf::anon_send_exit(actor, caf::exit_reason::kill);
    do
      run();
    while (scheduler.trigger_timeouts() > 0);
  }

  /// Stops `actor` when the test ends; returns it.
  template<class Handle>
  Handle stop_at_end(Handle actor) {
    stop_at_end_.push_back(caf::actor_cast<caf::actor>(actor));
    return actor;
  }

  /// Runs every actor until no message is left.
  void run() {
    scheduler.run();
  }

  /// Moves the clock forward, fires due timeouts and runs the actors.
  void advance(caf::timespan by) {
    scheduler.advance_time(by);
    run();
  }

  /// The answer to `pending` if it has arrived (value or problem), else
  /// nullopt. Call after run().
  template<class T, class Handle>
  std::optional<model::outcome<T>> answer(Handle& pending) {
    std::optional<model::outcome<T>> result;
    caf::blocking_actor::accept_one_cond once;
    // The answer is either in the mailbox already or not coming before the
    // next run(): wait no real time for it.
    self->varargs_receive(
        once, pending.id(), [&](T& value) { result = std::move(value); },
        [&](caf::error& failure) { result = actors::to_problem(failure); },
        caf::after(std::chrono::seconds(0)) >> [] {});
    return result;
  }

  /// Sends a request, runs the actors and returns the answer, which must
  /// have arrived.
  template<class T, class Handle, class... Ts>
  model::outcome<T> ask(const Handle& receiver, Ts&&... xs) {
    auto pending = self->request(receiver, caf::infinite, std::forward<Ts>(xs)...);
    run();
    auto result = answer<T>(pending);
    if (!result)
      return model::problem{model::error_code::internal_error, "no answer"};
    return std::move(*result);
  }

private:
  std::vector<caf::actor> stop_at_end_;

public:
  testing_config config;
  caf::actor_system system;
  caf::scheduler::test_coordinator& scheduler;
  caf::scoped_actor self;
};

} // namespace test_support
