#include "actors/dispatcher.hpp"

#include <algorithm>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/problem_error.hpp"

namespace actors {

namespace {

using job_promise = caf::typed_response_promise<job_result>;

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

/// Lifecycle of a job in the dispatcher:
///
///   queued --(free worker)--> in flight --(result or rejection)--> answered
///     ^                          |
///     +--(worker lost/timeout,---+
///         attempts left)         \--(attempts exhausted)--> answered (failed)
struct dispatcher_state {
  dispatcher_settings settings;
  std::vector<worker_slot> workers;
  std::deque<tracked_job> queue;
  // Jobs on a worker, by job id; the slot is found by the worker's address.
  std::unordered_map<std::uint64_t, std::pair<tracked_job, caf::actor_addr>> in_flight;
  std::uint64_t next_job_id = 1;
  std::size_t rotation = 0; // spreads ties between equally loaded workers

  static inline const char* name = "dispatcher";
};

using dispatcher_pointer = dispatcher_actor::stateful_pointer<dispatcher_state>;

worker_slot* find_slot(dispatcher_state& state, const caf::actor_addr& worker) {
  for (auto& slot : state.workers)
    if (slot.handle.address() == worker)
      return &slot;
  return nullptr;
}

/// The least-loaded worker with room for another job, or nullptr.
worker_slot* pick_worker(dispatcher_state& state) {
  worker_slot* best = nullptr;
  auto count = state.workers.size();
  for (std::size_t i = 0; i < count; ++i) {
    auto& slot = state.workers[(state.rotation + i) % count];
    if (slot.in_flight >= state.settings.jobs_per_worker)
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

void finish_attempt(dispatcher_pointer self, std::uint64_t job_id,
                    const std::function<void(tracked_job&&)>& conclude) {
  auto& state = self->state;
  auto entry = state.in_flight.find(job_id);
  if (entry == state.in_flight.end())
    return; // already concluded: the worker was declared lost before
  auto work = std::move(entry->second.first);
  auto worker = entry->second.second;
  state.in_flight.erase(entry);
  if (auto* slot = find_slot(state, worker))
    --slot->in_flight;
  conclude(std::move(work));
  pump(self);
}

void start_attempt(dispatcher_pointer self, worker_slot& slot, tracked_job work) {
  auto& state = self->state;
  auto job_id = work.id;
  auto node = slot.node;
  auto request = work.request;
  ++slot.in_flight;
  state.in_flight.emplace(job_id, std::make_pair(std::move(work), slot.handle.address()));
  auto handle = caf::actor_cast<caf::actor>(slot.handle);
  self->request(handle, state.settings.job_timeout, std::move(request))
      .then(
          [self, job_id](job_result& result) {
            finish_attempt(self, job_id, [&result](tracked_job&& work) {
              work.promise.deliver(std::move(result));
            });
          },
          [self, job_id, node](caf::error& failure) {
            finish_attempt(self, job_id, [&](tracked_job&& work) {
              if (!is_retryable(failure)) {
                work.promise.deliver(std::move(failure));
                return;
              }
              auto why =
                  failure == caf::sec::request_timeout
                      ? "a worker on node " + node + " timed out"
                      : "a worker on node " + node + " failed: " + to_problem(failure).message;
              requeue_or_fail(self, std::move(work), why);
            });
          });
}

void pump(dispatcher_pointer self) {
  auto& state = self->state;
  while (!state.queue.empty()) {
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
  std::vector<std::uint64_t> orphans;
  for (auto& [job_id, entry] : state.in_flight)
    if (entry.second == worker)
      orphans.push_back(job_id);
  std::sort(orphans.begin(), orphans.end(), std::greater<>());
  for (auto job_id : orphans) {
    auto work = std::move(state.in_flight[job_id].first);
    state.in_flight.erase(job_id);
    requeue_or_fail(self, std::move(work), "a worker on node " + node + " was lost (" + why + ")");
  }
  pump(self);
}

dispatcher_actor::behavior_type dispatcher_behavior(dispatcher_pointer self,
                                                    dispatcher_settings settings) {
  self->state.settings = settings;
  self->set_down_handler([self](caf::down_msg& down) {
    forget_worker(self, down.source, caf::to_string(down.reason));
  });
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
      [self](enlist_atom, worker_offer& offer) {
        for (auto& handle : offer.workers) {
          if (!handle || find_slot(self->state, handle.address()) != nullptr)
            continue;
          self->monitor(handle);
          self->state.workers.push_back(worker_slot{handle, offer.node, 0});
        }
        pump(self);
      },
  };
}

} // namespace

dispatcher_actor spawn_dispatcher(caf::actor_system& system, dispatcher_settings settings) {
  return system.spawn(dispatcher_behavior, settings);
}

} // namespace actors
