#include "actors/cluster/dispatcher.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <spdlog/spdlog.h>

#include "actors/cluster/worker_pool.hpp"
#include "actors/model/clock.hpp"
#include "actors/service/problem_error.hpp"
#include "storage/byte_store.hpp"

namespace actors {

namespace {

using job_promise = caf::typed_response_promise<job_result>;
using ok_promise = caf::typed_response_promise<caf::ok_atom>;
using model::node_state;

/// A job and everything known about its attempts so far.
struct tracked_job {
  std::uint64_t id = 0;
  job_ticket ticket;       // its owner loads the job when a worker is free
  std::optional<job> work; // once loaded; attempts share its input bytes
  job_promise promise;
  std::uint32_t lost_attempts = 0;
  std::string history; // why earlier attempts were lost
  std::int64_t submitted_ms = 0;
  std::int64_t started_ms = 0; // of the current attempt
};

/// Lifecycle of a job in the dispatcher:
///
///   queued --(free worker)--> loading --> on the worker --(result or rejection)--> answered
///     ^                                      |
///     +-----(worker lost or timed out,-------+
///            attempts left)                  \--(attempts exhausted)--> answered (failed)
struct dispatcher_state {
  dispatcher_settings settings;
  std::unique_ptr<worker_pool> pool;
  std::deque<tracked_job> queue;
  // Jobs loading for or running on a worker, by job id, with the worker.
  std::unordered_map<std::uint64_t, std::pair<tracked_job, caf::actor_addr>> in_flight;
  std::map<std::string, std::vector<ok_promise>> leaving; // by node id
  // Jobs done in the last minute, by the id of the node that ran them.
  std::map<std::string, telemetry::minute_window> recent_jobs;
  std::uint64_t next_job_id = 1;
  bool quiescing = false; // shutting down: start no more jobs
  std::vector<ok_promise> quiesced;

  static inline const char* name = "dispatcher";
};

using dispatcher_pointer = dispatcher_actor::stateful_pointer<dispatcher_state>;

void publish_gauges(dispatcher_state& state) {
  if (!state.settings.gauges)
    return;
  state.settings.gauges->queued = state.queue.size();
  state.settings.gauges->in_flight = state.in_flight.size();
  state.settings.gauges->workers = state.pool->workers_up();
}

bool is_retryable(const caf::error& failure) {
  // Problems come from the worker's own verdict on the job: trying the same
  // input elsewhere gives the same answer. Everything else (timeouts, lost
  // peers) says nothing about the job.
  return failure.category() != problem_category();
}

void pump(dispatcher_pointer self);

void retire(dispatcher_pointer self, const std::string& node) {
  for (const auto& worker : self->state.pool->retire(node, model::now_ms()))
    self->demonitor(worker);
  auto waiting = self->state.leaving.find(node);
  if (waiting == self->state.leaving.end())
    return;
  for (auto& promise : waiting->second)
    promise.deliver(caf::ok_atom::value);
  self->state.leaving.erase(waiting);
}

/// Answers whoever waits for a node or the whole dispatcher to run dry.
void settle_waiters(dispatcher_pointer self) {
  auto& state = self->state;
  std::vector<std::string> drained;
  for (const auto& [node, promises] : state.leaving) {
    auto* status = state.pool->node(node);
    if (status == nullptr || status->in_flight == 0)
      drained.push_back(node);
  }
  for (const auto& node : drained) {
    spdlog::info("node {} drained and left", node);
    retire(self, node);
  }
  if (state.quiescing && state.in_flight.empty()) {
    for (auto& promise : state.quiesced)
      promise.deliver(caf::ok_atom::value);
    state.quiesced.clear();
  }
}

/// Counts a job's outcome: done, failed or retried.
void count_job(dispatcher_state& state, const char* outcome) {
  if (state.settings.metrics)
    state.settings.metrics->count(telemetry::names::jobs, {outcome});
}

/// Records a finished job's times, and logs it.
void record_done(dispatcher_state& state, const tracked_job& work, const job_result& result) {
  spdlog::info("job image={} version={} status=done node={} ms={} attempts={}",
               work.ticket.image_id, work.ticket.version, result.output.node, result.output.took_ms,
               work.lost_attempts + 1);
  state.recent_jobs[result.output.node].record(std::chrono::milliseconds(result.output.took_ms));
  auto& metrics = state.settings.metrics;
  if (!metrics)
    return;
  metrics->count(telemetry::names::jobs, {"done"});
  metrics->observe(telemetry::names::job_duration, {}, result.output.took_ms / 1000.0);
  for (const auto& step : result.timings)
    metrics->observe(telemetry::names::operation_duration, {step.step}, step.micros / 1e6);
  metrics->jobs.record(std::chrono::milliseconds(result.output.took_ms));
}

void record_failed(dispatcher_state& state, const tracked_job& work, const caf::error& failure) {
  spdlog::info("job image={} version={} status=failed reason=\"{}\"", work.ticket.image_id,
               work.ticket.version, to_problem(failure).message);
  count_job(state, "failed");
}

void requeue_or_fail(dispatcher_pointer self, tracked_job work, const std::string& why) {
  auto& state = self->state;
  ++work.lost_attempts;
  if (!work.history.empty())
    work.history += "; ";
  work.history += why;
  if (work.lost_attempts >= state.settings.max_attempts) {
    auto failure = to_error(model::error_code::unavailable, "job lost on " +
                                                                std::to_string(work.lost_attempts) +
                                                                " attempts: " + work.history);
    record_failed(state, work, failure);
    work.promise.deliver(std::move(failure));
    return;
  }
  count_job(state, "retried");
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
  state.pool->job_ended(worker, succeeded, model::now_ms());
  conclude(std::move(work));
  settle_waiters(self);
  pump(self);
}

/// The job as `worker` gets it: by the name of its input in the byte store
/// when the worker shares the store (and leaving its result there), else
/// with its bytes, read here once for all its attempts.
model::outcome<job> job_for(dispatcher_state& state, job& loaded, bool shares_store) {
  bool by_name = !loaded.input_blob.sha256.empty();
  if (by_name && shares_store) {
    auto named = loaded;
    named.input = {};
    named.result_to_store = true;
    return named;
  }
  if (by_name && loaded.input.size() == 0) {
    auto path = storage::blob_path(state.settings.byte_store_root, loaded.input_blob.sha256);
    auto bytes = storage::read_checked_file(path, loaded.input_blob);
    if (!bytes)
      return bytes.error();
    loaded.input = model::shared_bytes(std::move(*bytes));
  }
  auto carried = loaded;
  carried.input_blob = {};
  carried.result_to_store = false;
  return carried;
}

void run_on_worker(dispatcher_pointer self, std::uint64_t job_id, const worker_actor& worker,
                   const std::string& node, bool shares_store) {
  auto& state = self->state;
  auto work = job_for(state, *state.in_flight.at(job_id).first.work, shares_store);
  if (!work) {
    finish_attempt(self, job_id, false, [&](tracked_job&& failed) {
      auto failure = to_error(std::move(work).error());
      record_failed(self->state, failed, failure);
      failed.promise.deliver(std::move(failure));
    });
    return;
  }
  self->request(worker, state.settings.job_timeout, run_atom::value, std::move(*work))
      .then(
          [self, job_id](job_result& result) {
            finish_attempt(self, job_id, true, [&](tracked_job&& work) {
              record_done(self->state, work, result);
              work.promise.deliver(std::move(result));
            });
          },
          [self, job_id, node](caf::error& failure) {
            finish_attempt(self, job_id, false, [&](tracked_job&& work) {
              if (!is_retryable(failure)) {
                record_failed(self->state, work, failure);
                work.promise.deliver(std::move(failure));
                return;
              }
              bool timed_out = failure == caf::sec::request_timeout;
              auto why = timed_out ? "a worker on node " + node + " timed out"
                                   : "a worker on node " + node +
                                         " failed: " + to_problem(failure).message;
              if (timed_out && self->state.settings.on_node_failure)
                self->state.settings.on_node_failure(node);
              spdlog::warn("{}; the job goes back to the queue", why);
              requeue_or_fail(self, std::move(work), why);
            });
          });
}

/// Gets the job's bytes from its image actor (first attempt only), then
/// runs it on the worker reserved for it.
void start_attempt(dispatcher_pointer self, worker_slot& slot, tracked_job work) {
  auto& state = self->state;
  auto job_id = work.id;
  auto worker = slot.handle;
  auto node = slot.node;
  bool shares_store = !state.settings.store_id.empty() && slot.store_id == state.settings.store_id;
  auto owner = work.ticket.owner;
  auto version = work.ticket.version;
  bool loaded = work.work.has_value();
  state.pool->job_started(slot);
  work.started_ms = model::now_ms();
  state.in_flight.emplace(job_id, std::make_pair(std::move(work), worker.address()));
  if (loaded) {
    run_on_worker(self, job_id, worker, node, shares_store);
    return;
  }
  self->request(owner, state.settings.load_timeout, load_atom::value, version)
      .then(
          [self, job_id, worker, node, shares_store](job& loaded_job) {
            auto entry = self->state.in_flight.find(job_id);
            if (entry == self->state.in_flight.end())
              return; // its worker was lost meanwhile; the job is queued again
            entry->second.first.work = std::move(loaded_job);
            run_on_worker(self, job_id, worker, node, shares_store);
          },
          [self, job_id](caf::error& failure) {
            finish_attempt(self, job_id, false, [&](tracked_job&& work) {
              record_failed(self->state, work, failure);
              work.promise.deliver(std::move(failure));
            });
          });
}

job_status status_of(const tracked_job& work) {
  job_status status;
  status.image_id = work.ticket.image_id;
  status.version = work.ticket.version;
  status.state = "queued";
  status.since_ms = work.submitted_ms;
  status.attempts = work.lost_attempts;
  return status;
}

dispatch_snapshot snapshot(dispatcher_pointer self) {
  auto& state = self->state;
  dispatch_snapshot result;
  result.nodes = state.pool->status();
  result.workers = state.pool->workers();
  for (const auto& work : state.queue)
    result.jobs.push_back(status_of(work));
  for (const auto& [job_id, entry] : state.in_flight) {
    auto job = status_of(entry.first);
    job.state = "running";
    job.since_ms = entry.first.started_ms;
    job.worker = state.pool->worker_name(entry.second);
    if (auto* slot = state.pool->find(entry.second))
      job.node = slot->node;
    result.jobs.push_back(std::move(job));
  }
  result.mailbox = self->mailbox().size();
  return result;
}

std::vector<model::node_status> node_status(dispatcher_state& state) {
  auto nodes = state.pool->status();
  for (auto& node : nodes) {
    auto recent = state.recent_jobs.find(node.id);
    if (recent != state.recent_jobs.end())
      node.last_minute = telemetry::to_job_window(recent->second.summary());
  }
  return nodes;
}

caf::result<caf::ok_atom> drain(dispatcher_pointer self, const std::string& node, bool draining) {
  auto& state = self->state;
  // A node leaving by itself is past the point of return.
  if (!draining && state.leaving.count(node) > 0)
    return to_error(model::error_code::conflict, "node " + node + " is leaving the cluster");
  if (!state.pool->drain(node, draining))
    return to_error(model::error_code::not_found, "no node " + node + " is up or draining");
  spdlog::info("node {} {} by an operator (the shell or the API)", node,
               draining ? "drained" : "undrained");
  pump(self);
  return caf::ok_atom::value;
}

void pump(dispatcher_pointer self) {
  auto& state = self->state;
  while (!state.quiescing && !state.queue.empty()) {
    auto* slot = state.pool->pick();
    if (slot == nullptr)
      break;
    auto work = std::move(state.queue.front());
    state.queue.pop_front();
    start_attempt(self, *slot, std::move(work));
  }
  publish_gauges(state);
}

/// A worker is gone: CAF never answers requests to a dead peer, so its jobs
/// are taken back here and tried elsewhere.
void forget_worker(dispatcher_pointer self, const caf::actor_addr& worker, const std::string& why) {
  auto& state = self->state;
  std::vector<std::uint64_t> orphans;
  for (auto& [job_id, entry] : state.in_flight)
    if (entry.second == worker)
      orphans.push_back(job_id);
  auto node = state.pool->remove_worker(worker, model::now_ms());
  if (!node)
    return;
  std::sort(orphans.begin(), orphans.end(), std::greater<>());
  for (auto job_id : orphans) {
    auto work = std::move(state.in_flight.at(job_id).first);
    state.in_flight.erase(job_id);
    requeue_or_fail(self, std::move(work), "a worker on node " + *node + " was lost (" + why + ")");
  }
  auto* status = state.pool->node(*node);
  if (status != nullptr && status->state == node_state::down) {
    spdlog::warn("node {} lost ({}); {} of its jobs moved to other workers", *node, why,
                 orphans.size());
    retire(self, *node);
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
  std::set<std::string> silent_nodes;
  for (const auto& worker : state.pool->silent_workers(deadline)) {
    self->demonitor(worker);
    if (const auto* slot = state.pool->find(worker))
      silent_nodes.insert(slot->node);
    forget_worker(self, worker,
                  "not heard from for " + std::to_string(state.settings.node_timeout.count()) +
                      " ms");
  }
  if (state.settings.on_node_failure)
    for (const auto& node : silent_nodes)
      state.settings.on_node_failure(node);
}

dispatcher_actor::behavior_type dispatcher_behavior(dispatcher_pointer self,
                                                    dispatcher_settings settings) {
  auto& state = self->state;
  state.settings = settings;
  state.pool = std::make_unique<worker_pool>(settings.jobs_per_worker);
  self->set_down_handler([self](caf::down_msg& down) {
    forget_worker(self, down.source, caf::to_string(down.reason));
  });
  if (settings.node_timeout.count() > 0)
    self->delayed_send(self, settings.node_timeout / 2, caf::tick_atom::value);
  return {
      [self](submit_atom, job_ticket& ticket) -> caf::result<job_result> {
        auto& state = self->state;
        auto promise = self->make_response_promise<job_result>();
        tracked_job tracked;
        tracked.id = state.next_job_id++;
        tracked.ticket = std::move(ticket);
        tracked.submitted_ms = model::now_ms();
        tracked.promise = promise;
        state.queue.push_back(std::move(tracked));
        pump(self);
        return promise;
      },
      [self](enlist_atom, worker_offer& offer) {
        for (const auto& worker : self->state.pool->enlist(offer, model::now_ms()))
          self->monitor(worker);
        pump(self);
      },
      [self](leave_atom, const std::string& node) -> caf::result<caf::ok_atom> {
        auto& state = self->state;
        auto* status = state.pool->node(node);
        if (status == nullptr || status->state == node_state::down)
          return caf::ok_atom::value;
        status->state = node_state::draining;
        spdlog::info("node {} is leaving: draining {} jobs", node, status->in_flight);
        auto promise = self->make_response_promise<caf::ok_atom>();
        state.leaving[node].push_back(promise);
        settle_waiters(self);
        publish_gauges(state);
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
      [self](status_atom) { return node_status(self->state); },
      [self](inspect_atom) { return snapshot(self); },
      [self](drain_atom, const std::string& node, bool draining) {
        return drain(self, node, draining);
      },
      [self](caf::ping_atom, const std::string& node) -> caf::result<caf::ok_atom> {
        auto* status = self->state.pool->node(node);
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
