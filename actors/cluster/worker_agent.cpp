#include "actors/cluster/worker_agent.hpp"

#include <algorithm>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/io/middleman_actor.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <spdlog/spdlog.h>

#include "actors/cluster/cluster_secret.hpp"
#include "actors/model/version.hpp"
#include "actors/service/problem_error.hpp"

namespace actors {

namespace {

using connect_atom = caf::connect_atom;
using tick_atom = caf::tick_atom;

struct agent_state {
  agent_settings settings;
  gate_actor gate; // set while a member
  bool stopping = false;
  // A tick is on its way: a join after a reconnect must not start another
  // chain of pings.
  bool tick_scheduled = false;
  std::chrono::milliseconds backoff{0};
  std::uint32_t failed_attempts = 0;

  static inline const char* name = "worker_agent";
};

using agent_pointer = agent_actor::stateful_pointer<agent_state>;

std::string head_address(const agent_state& state) {
  return state.settings.head_host + ":" + std::to_string(state.settings.head_port);
}

void connect(agent_pointer self);

void schedule_tick(agent_pointer self) {
  if (self->state.tick_scheduled)
    return;
  self->state.tick_scheduled = true;
  self->delayed_send(self, self->state.settings.ping_interval, tick_atom::value);
}

void retry_later(agent_pointer self, const std::string& why) {
  auto& state = self->state;
  if (state.stopping) {
    self->quit();
    return;
  }
  // The first failure is worth a warning; repeating it every few seconds
  // while the head is away is not.
  if (state.failed_attempts++ == 0)
    spdlog::warn("cannot join head {}: {}; retrying", head_address(state), why);
  else
    spdlog::debug("cannot join head {}: {}", head_address(state), why);
  state.backoff = std::min(state.settings.max_backoff,
                           std::max(std::chrono::milliseconds(250), state.backoff * 2));
  self->delayed_send(self, state.backoff, connect_atom::value);
}

void join(agent_pointer self, gate_actor gate) {
  auto& settings = self->state.settings;
  self->request(gate, settings.connect_timeout, hello_atom::value, settings.node_id)
      .then(
          [self, gate](std::string& challenge) {
            auto& settings = self->state.settings;
            join_request request;
            request.node_id = settings.node_id;
            request.hostname = settings.hostname;
            request.address = settings.address;
            request.version = model::service_version();
            request.proof =
                challenge + ":" + join_proof(settings.secret, challenge, settings.node_id);
            request.workers = settings.workers;
            request.store_id = settings.store_id;
            self->request(gate, settings.connect_timeout, join_atom::value, std::move(request))
                .then(
                    [self, gate](caf::ok_atom) {
                      auto& state = self->state;
                      state.gate = gate;
                      state.backoff = std::chrono::milliseconds(0);
                      state.failed_attempts = 0;
                      self->monitor(gate);
                      spdlog::info("joined head {} with {} workers", head_address(state),
                                   state.settings.workers.size());
                      schedule_tick(self);
                    },
                    [self](caf::error& failure) {
                      auto why = to_problem(failure);
                      if (why.code == model::error_code::unauthorized) {
                        spdlog::critical("{}", why.message);
                        self->quit(failure);
                        return;
                      }
                      retry_later(self, why.message);
                    });
          },
          [self](caf::error& failure) { retry_later(self, to_problem(failure).message); });
}

void connect(agent_pointer self) {
  auto& settings = self->state.settings;
  auto middleman = caf::actor_cast<caf::io::middleman_actor>(settings.middleman);
  self->request(middleman, settings.connect_timeout, connect_atom::value, settings.head_host,
                settings.head_port)
      .then(
          [self](const caf::node_id&, caf::strong_actor_ptr& gate,
                 std::set<std::string>& interface) {
            if (!gate) {
              retry_later(self, "nothing is published on that port");
              return;
            }
            if (!self->system().assignable<gate_actor>(interface)) {
              retry_later(self, "what is published on that port is not a caf-node head of this "
                                "version (its interface differs)");
              return;
            }
            join(self, caf::actor_cast<gate_actor>(gate));
          },
          [self](caf::error& failure) { retry_later(self, caf::to_string(failure)); });
}

agent_actor::behavior_type agent_behavior(agent_pointer self, agent_settings settings) {
  self->state.settings = std::move(settings);
  self->set_down_handler([self](caf::down_msg& down) {
    auto& state = self->state;
    if (down.source != state.gate.address())
      return;
    state.gate = nullptr;
    if (state.stopping) {
      self->quit();
      return;
    }
    spdlog::warn("lost head {} ({}); reconnecting", head_address(state),
                 caf::to_string(down.reason));
    retry_later(self, "connection lost");
  });
  connect(self);
  return {
      [self](connect_atom) {
        if (!self->state.gate)
          connect(self);
      },
      [self](tick_atom) {
        auto& state = self->state;
        state.tick_scheduled = false;
        if (!state.gate || state.stopping)
          return;
        auto gate = state.gate;
        self->request(gate, state.settings.ping_interval * 2, caf::ping_atom::value,
                      state.settings.node_id)
            .then([self](caf::ok_atom) { schedule_tick(self); },
                  [self, gate](caf::error& failure) {
                    // The head stopped answering, or counts this node as lost: join
                    // again from scratch.
                    auto& state = self->state;
                    if (state.gate != gate || state.stopping)
                      return;
                    self->demonitor(gate.address());
                    state.gate = nullptr;
                    retry_later(self, "ping failed: " + to_problem(failure).message);
                  });
      },
      [self](stop_atom) {
        auto& state = self->state;
        state.stopping = true;
        if (!state.gate) {
          self->quit();
          return;
        }
        spdlog::info("leaving head {}: finishing running jobs", head_address(state));
        self->request(state.gate, state.settings.leave_timeout, leave_atom::value,
                      state.settings.node_id)
            .then([self](caf::ok_atom) { self->quit(); },
                  [self](caf::error& failure) {
                    spdlog::warn("leaving head: {}", to_problem(failure).message);
                    self->quit();
                  });
      },
  };
}

} // namespace

agent_actor spawn_worker_agent(caf::actor_system& system, agent_settings settings) {
  return system.spawn(agent_behavior, std::move(settings));
}

} // namespace actors
