#include "actors/dispatcher.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <spdlog/spdlog.h>

#include "actors/model/clock.hpp"
#include "actors/problem_error.hpp"

namespace actors {

namespace {

using job_promise = caf::typed_response_promise<job_result>;
using ok_promise = caf::typed_response_promise<caf::ok_atom>;
using model::node_state;

/// A job and everything known about its attempts so far.
struct tracked_job {
  std::uint64_t id = 0;
  caf::message request; // (run_atom, job), shared between attempts
  job_promise promise;
  std::uint32_t lost_attempts = 0;
  std::string history; // why earlier attempts were lost
};

struct worker_slot {
  worker_actor handle;
  std::string node;
  std::uint32_t in_flight = 0;
};

struct node_entry {
  model::node_status status;
  std::vector<ok_promise> leaving; // answered once the node has no job
};

/// Lifecycle of a job in the dispatcher:
///
///   queued --(free worker)--> in flight --(result or rejection)--> answered
///     ^                          |
///     +--(worker lost/timeout,---+
///         attempts left)         \--(attempts exhausted)--> answered (failed)
struct dispatcher_state {
  dispatcher_settings settings;
  std::vector<worker_slot> workers;
  std::map<std::string, node_entry> nodes;
  std::deque<tracked_job> queue;
  // Jobs on a worker, by job id, with the worker's address.
  std::unordered_map<std::uint64_t, std::pair<tracked_job, caf::actor_addr>> in_flight;
  std::uint64_t next_job_id = 1;
  std::size_t rotation = 0; // spreads ties between equally loaded workers
  bool quiescing = false;   // shutting down: start no more jobs
  std::vector<ok_promise> quiesced;

  static inline const char* name = "dispatcher";
};

using dispatcher_pointer = dispatcher_actor::stateful_pointer<dispatcher_state>;

/// Nodes that left or were lost stay visible; only this many are kept.
constexpr std::size_t max_down_nodes = 64;

worker_slot* find_slot(dispatcher_state& state, const caf::actor_addr& worker) {
  for (auto& slot : state.workers)
    if (slot.handle.address() == worker)
      return &slot;
  return nullptr;
}

model::node_status* node_of(dispatcher_state& state, const std::string& id) {
  auto it = state.nodes.find(id);
  return it == state.nodes.end() ? nullptr : &it->second.status;
}

/// The least-loaded worker of an up node with room for another job.
worker_slot* pick_worker(dispatcher_state& state) {
  worker_slot* best = nullptr;
  auto count = state.workers.size();
  for (std::size_t i = 0; i < count; ++i) {
    auto& slot = state.workers[(state.rotation + i) % count];
    if (slot.in_flight >= state.settings.jobs_per_worker)
      continue;
    auto* node = node_of(state, slot.node);
    if (node == nullptr || node->state != node_state::up)
      continue;
    if (best == nullptr || slot.in_flight < best->in_flight)
      best = &slot;
  }
  if (best != nullptr)
    state.rotation = (static_cast<std::size_t>(best - state.workers.data()) + 1) % count;
  return best;
}

bool is_retryable(const caf::error& failure) {
  // Problems come from the worker's own verdict on the job: trying the same
  // input elsewhere gives the same answer. Everything else (timeouts, lost
  // peers) says nothing about the job.
  return failure.category() != problem_category();
}

void forget_down_nodes_beyond_limit(dispatcher_state& state) {
  std::vector<std::pair<std::int64_t, std::string>> down;
  for (const auto& [id, entry] : state.nodes)
    if (entry.status.state == node_state::down)
      down.emplace_back(entry.status.last_seen_ms, id);
  if (down.size() <= max_down_nodes)
    return;
  std::sort(down.begin(), down.end());
  for (std::size_t i = 0; i + max_down_nodes < down.size(); ++i)
    state.nodes.erase(down[i].second);
}

/// Removes the node's workers and marks it down.
void retire_node(dispatcher_pointer self, const std::string& id) {
  auto& state = self->state;
  state.workers.erase(std::remove_if(state.workers.begin(), state.workers.end(),
                                     [&](const worker_slot& slot) {
                                       if (slot.node != id)
                                         return false;
                                       self->demonitor(slot.handle.address());
                                       return true;
                                     }),
                      state.workers.end());
  auto& entry = state.nodes[id];
  entry.status.state = node_state::down;
  entry.status.workers = 0;
  for (auto& promise : entry.leaving)
    promise.deliver(caf::ok_atom::value);
  entry.leaving.clear();
  forget_down_nodes_beyond_limit(state);
}

/// Answers whoever waits for a node or the whole dispatcher to run dry.
void settle_waiters(dispatcher_pointer self) {
  auto& state = self->state;
  std::vector<std::string> drained;
  for (auto& [id, entry] : state.nodes)
    if (entry.status.state == node_state::draining && entry.status.in_flight == 0 &&
        !entry.leaving.empty())
      drained.push_back(id);
  for (const auto& id : drained) {
    spdlog::info("node {} drained and left", id);
    retire_node(self, id);
  }
  if (state.quiescing && state.in_flight.empty()) {
    for (auto& promise : state.quiesced)
      promise.deliver(caf::ok_atom::value);
    state.quiesced.clear();
  }
}

void pump(dispatcher_pointer self);

void requeue_or_fail(dispatcher_pointer self, tracked_job work, const std::string& why) {
  auto& state = self->state;
  ++work.lost_attempts;
  if (!work.history.empty())
    work.history += "; ";
  work.history += why;
  if (work.lost_attempts >= state.settings.max_attempts) {
    work.promise.deliver(to_error(model::error_code::unavailable,
                                  "job lost on " + std::to_string(work.lost_attempts) +
                                      " attempts: " + work.history));
    return;
  }
  state.queue.push_front(std::move(work));
}

/// Ends the attempt of `job_id` (unless it ended already, because its
/// worker was declared lost) and lets `conclude` decide the job's fate.
template<class Conclude>
void finish_attempt(dispatcher_pointer self, std::uint64_t job_id, bool succeeded,
                    Conclude conclude) {
  auto& state = self->state;
  auto entry = state.in_flight.find(job_id);
  if (entry == state.in_flight.end())
    return;
  auto work = std::move(entry->second.first);
  auto worker = entry->second.second;
  state.in_flight.erase(entry);
  if (auto* slot = find_slot(state, worker)) {
    --slot->in_flight;
    if (auto* node = node_of(state, slot->node)) {
      --node->in_flight;
      node->last_seen_ms = model::now_ms();
      ++(succeeded ? node->completed : node->failed);
    }
  }
  conclude(std::move(work));
  settle_waiters(self);
  pump(self);
}

void start_attempt(dispatcher_pointer self, worker_slot& slot, tracked_job work) {
  auto& state = self->state;
  auto job_id = work.id;
  auto node = slot.node;
  auto request = work.request;
  ++slot.in_flight;
  if (auto* status = node_of(state, node))
    ++status->in_flight;
  state.in_flight.emplace(job_id, std::make_pair(std::move(work), slot.handle.address()));
  auto handle = caf::actor_cast<caf::actor>(slot.handle);
  self->request(handle, state.settings.job_timeout, std::move(request))
      .then(
          [self, job_id](job_result& result) {
            finish_attempt(self, job_id, true, [&result](tracked_job&& work) {
              work.promise.deliver(std::move(result));
            });
          },
          [self, job_id, node](caf::error& failure) {
            finish_attempt(self, job_id, false, [&](tracked_job&& work) {
              if (!is_retryable(failure)) {
                work.promise.deliver(std::move(failure));
                return;
              }
              auto why =
                  failure == caf::sec::request_timeout
                      ? "a worker on node " + node + " timed out"
                      : "a worker on node " + node + " failed: " + to_problem(failure).message;
              spdlog::warn("{}; the job goes back to the queue", why);
              requeue_or_fail(self, std::move(work), why);
            });
          });
}

void pump(dispatcher_pointer self) {
  auto& state = self->state;
  while (!state.quiescing && !state.queue.empty()) {
    auto* slot = pick_worker(state);
    if (slot == nullptr)
      return;
    auto work = std::move(state.queue.front());
    state.queue.pop_front();
    start_attempt(self, *slot, std::move(work));
  }
}

/// A worker is gone: CAF never answers requests to a dead peer, so its jobs
/// are taken back here and tried elsewhere.
void forget_worker(dispatcher_pointer self, const caf::actor_addr& worker, const std::string& why) {
  auto& state = self->state;
  auto slot = std::find_if(state.workers.begin(), state.workers.end(),
                           [&](const worker_slot& s) { return s.handle.address() == worker; });
  if (slot == state.workers.end())
    return;
  auto node = slot->node;
  state.workers.erase(slot);
  auto* status = node_of(state, node);
  if (status != nullptr && status->workers > 0)
    --status->workers;
  std::vector<std::uint64_t> orphans;
  for (auto& [job_id, entry] : state.in_flight)
    if (entry.second == worker)
      orphans.push_back(job_id);
  std::sort(orphans.begin(), orphans.end(), std::greater<>());
  for (auto job_id : orphans) {
    auto work = std::move(state.in_flight[job_id].first);
    state.in_flight.erase(job_id);
    if (status != nullptr) {
      --status->in_flight;
      ++status->failed;
    }
    requeue_or_fail(self, std::move(work), "a worker on node " + node + " was lost (" + why + ")");
  }
  if (status != nullptr && status->workers == 0 && status->state != node_state::down) {
    spdlog::warn("node {} lost ({}); {} of its jobs moved to other workers", node, why,
                 orphans.size());
    retire_node(self, node);
  }
  settle_waiters(self);
  pump(self);
}

/// Worker nodes that stopped pinging are lost, exactly as if their
/// connection had dropped: a stopped (SIGSTOP) or cut-off node keeps its TCP
/// connection open, and TLS connections get no CAF heartbeat timeout.
void lose_silent_nodes(dispatcher_pointer self) {
  auto& state = self->state;
  auto deadline = model::now_ms() - state.settings.node_timeout.count();
  std::vector<caf::actor_addr> silent;
  for (const auto& slot : state.workers) {
    const auto* node = node_of(state, slot.node);
    if (node != nullptr && node->role == "worker" && node->last_seen_ms < deadline)
      silent.push_back(slot.handle.address());
  }
  for (const auto& worker : silent) {
    self->demonitor(worker);
    forget_worker(self, worker,
                  "not heard from for " + std::to_string(state.settings.node_timeout.count()) +
                      " ms");
  }
}

void enlist(dispatcher_pointer self, worker_offer& offer) {
  auto& state = self->state;
  auto& entry = state.nodes[offer.node.id];
  auto previous = entry.status;
  entry.status = offer.node;
  entry.status.state = node_state::up;
  entry.status.completed = previous.completed;
  entry.status.failed = previous.failed;
  entry.status.in_flight = previous.state == node_state::down ? 0 : previous.in_flight;
  entry.status.workers = previous.state == node_state::down ? 0 : previous.workers;
  entry.status.last_seen_ms = model::now_ms();
  for (auto& handle : offer.workers) {
    if (!handle || find_slot(state, handle.address()) != nullptr)
      continue;
    self->monitor(handle);
    state.workers.push_back(worker_slot{handle, offer.node.id, 0});
    ++entry.status.workers;
  }
  pump(self);
}

dispatcher_actor::behavior_type dispatcher_behavior(dispatcher_pointer self,
                                                    dispatcher_settings settings) {
  self->state.settings = settings;
  self->set_down_handler([self](caf::down_msg& down) {
    forget_worker(self, down.source, caf::to_string(down.reason));
  });
  if (settings.node_timeout.count() > 0)
    self->delayed_send(self, settings.node_timeout / 2, caf::tick_atom::value);
  return {
      [self](submit_atom, job& work) -> caf::result<job_result> {
        auto& state = self->state;
        if (state.queue.size() >= state.settings.queue_limit)
          return to_error(model::error_code::overloaded, "the job queue is full");
        auto promise = self->make_response_promise<job_result>();
        tracked_job tracked;
        tracked.id = state.next_job_id++;
        tracked.request = caf::make_message(run_atom::value, std::move(work));
        tracked.promise = promise;
        state.queue.push_back(std::move(tracked));
        pump(self);
        return promise;
      },
      [self](enlist_atom, worker_offer& offer) { enlist(self, offer); },
      [self](leave_atom, const std::string& node) -> caf::result<caf::ok_atom> {
        auto& state = self->state;
        auto it = state.nodes.find(node);
        if (it == state.nodes.end() || it->second.status.state == node_state::down)
          return caf::ok_atom::value;
        it->second.status.state = node_state::draining;
        auto promise = self->make_response_promise<caf::ok_atom>();
        it->second.leaving.push_back(promise);
        spdlog::info("node {} is leaving: draining {} jobs", node, it->second.status.in_flight);
        settle_waiters(self);
        return promise;
      },
      [self](quiesce_atom) -> caf::result<caf::ok_atom> {
        auto& state = self->state;
        state.quiescing = true;
        auto promise = self->make_response_promise<caf::ok_atom>();
        state.quiesced.push_back(promise);
        settle_waiters(self);
        return promise;
      },
      [self](status_atom) -> std::vector<model::node_status> {
        std::vector<model::node_status> nodes;
        for (const auto& [id, entry] : self->state.nodes)
          nodes.push_back(entry.status);
        return nodes;
      },
      [self](caf::ping_atom, const std::string& node) -> caf::result<caf::ok_atom> {
        auto* status = node_of(self->state, node);
        if (status == nullptr || status->state == node_state::down)
          return to_error(model::error_code::not_found, "node " + node + " is not a member");
        status->last_seen_ms = model::now_ms();
        return caf::ok_atom::value;
      },
      [self](caf::tick_atom) {
        lose_silent_nodes(self);
        self->delayed_send(self, self->state.settings.node_timeout / 2, caf::tick_atom::value);
      },
  };
}

} // namespace

dispatcher_actor spawn_dispatcher(caf::actor_system& system, dispatcher_settings settings) {
  return system.spawn(dispatcher_behavior, settings);
}

} // namespace actors
