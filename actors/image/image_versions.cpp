#include "actors/image/image_versions.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include <spdlog/spdlog.h>

#include "actors/imaging/operation_parser.hpp"
#include "actors/model/clock.hpp"
#include "actors/service/problem_error.hpp"
#include "actors/telemetry/metric_catalog.hpp"
#include "storage/image_store.hpp"

namespace actors {

namespace {

using model::error_code;
using model::version_record;
using model::version_status;

/// Syncs the versions written without a disk sync before a client is told
/// that a version was accepted but has not settled: that answer (202)
/// promises the command survives a power loss.
model::status sync_before_acknowledging(image_state& state) {
  if (!state.unsynced_writes)
    return model::ok_status();
  auto synced = state.settings.store->sync_writes();
  if (synced)
    state.unsynced_writes = false;
  return synced;
}

void settle_waiters(image_pointer self, const version_record& version) {
  auto& waiters = self->state.waiters;
  auto settled = std::stable_partition(
      waiters.begin(), waiters.end(), [&](const waiter& w) { return w.version != version.number; });
  for (auto it = settled; it != waiters.end(); ++it)
    it->promise.deliver(command_reply{version, true});
  waiters.erase(settled, waiters.end());
}

void conclude(image_pointer self, const version_record& version) {
  self->state.running.reset();
  settle_waiters(self, version);
  start_next(self);
}

void fail_version(image_pointer self, std::uint32_t number, const model::problem& why) {
  auto& state = self->state;
  auto& version = version_at(state, number);
  version.status = version_status::failed;
  version.finished_ms = model::now_ms();
  version.error = {model::to_string(why.code), why.message};
  if (auto stored = state.settings.store->put_version(state.record.id, version); stored) {
    state.unsynced_writes = false; // the synced write synced the earlier ones
  } else {
    // The failure itself could not be recorded; after a restart the command
    // runs again, which is the safe side of losing this write.
    spdlog::error("image {}: recording failed version {}: {}", state.record.id, number,
                  stored.error().message);
  }
  conclude(self, version);
}

void complete_version(image_pointer self, std::uint32_t number, job_result& result) {
  auto& state = self->state;
  auto done = version_at(state, number);
  done.status = version_status::done;
  done.finished_ms = model::now_ms();
  done.output = result.output;
  auto& store = *state.settings.store;
  auto stored = result.stored.empty() ? store.finish_version(state.record.id, done, result.bytes)
                                      : store.adopt_version(state.record.id, done, result.stored);
  if (!stored) {
    fail_version(self, number,
                 {error_code::unavailable, "storing the result failed: " + stored.error().message});
    return;
  }
  state.unsynced_writes = false; // the synced write synced the earlier ones
  auto& version = version_at(state, number);
  version = std::move(done);
  conclude(self, version);
}

/// Decides which version `version` is computed from (sets its `source`):
/// the latest done one, the original, or the requested base, which must
/// have succeeded.
model::status resolve_source(image_state& state, version_record& version) {
  std::uint32_t source = 0;
  auto base = version.command.base;
  if (base == model::base_latest) {
    source = latest_done_before(state, version.number);
  } else if (base > 0) {
    source = static_cast<std::uint32_t>(base);
    const auto& base_version = version_at(state, source);
    if (base_version.status != version_status::done)
      return model::problem{error_code::version_failed,
                            "base version " + std::to_string(source) +
                                " failed: " + base_version.error.message};
  }
  version.source = source;
  return model::ok_status();
}

/// Completes `version` (source resolved) with the bytes of an equal done
/// version, on any image, when the command allows and one exists. Returns
/// whether it did; any trouble leaves the version to run.
bool completed_by_reuse(image_pointer self, version_record& version) {
  auto& state = self->state;
  // Equal bytes of another image do not make an equal result when the
  // operations read the image's id, time or labels.
  if (!version.command.reuse || imaging::reads_image_context(version.command.ops))
    return false;
  auto& store = *state.settings.store;
  auto found = store.find_reusable(identity_of(state, version.source).sha256, version.command.ops);
  if (!found || !*found) {
    if (!found)
      spdlog::warn("image {}: looking for a reusable result: {}", state.record.id,
                   found.error().message);
    return false;
  }
  auto done = version;
  done.status = version_status::done;
  done.started_ms = done.finished_ms = model::now_ms();
  done.output = (*found)->version.output;
  done.reused_from = {(*found)->image_id, (*found)->version.number};
  if (auto stored = store.reuse_version(state.record.id, done); !stored) {
    spdlog::warn("image {}: reusing version {} of {}: {}", state.record.id,
                 done.reused_from.version, done.reused_from.image, stored.error().message);
    return false;
  }
  state.unsynced_writes = false; // the synced write synced the earlier ones
  if (state.settings.metrics)
    state.settings.metrics->count(telemetry::names::versions_reused, {});
  spdlog::info("job image={} version={} status=reused from={}/{}", state.record.id, done.number,
               done.reused_from.image, done.reused_from.version);
  version = std::move(done);
  conclude(self, version);
  return true;
}

model::problem missing_overlay(const std::string& id) {
  return {error_code::invalid_operation, "watermark: image " + id + " does not exist"};
}

/// Refuses a command that draws an image that is not stored.
model::status check_overlays(storage::image_store& store, const std::vector<model::op_call>& ops) {
  for (const auto& id : imaging::images_named(ops)) {
    auto image = store.load_image(id);
    if (!image)
      return image.error().code == error_code::not_found ? missing_overlay(id) : image.error();
  }
  return model::ok_status();
}

/// The originals of the images that `ops` draw, read from the store (they
/// never change) for the job to carry to any worker.
model::outcome<std::vector<imaging::operations::overlay_source>>
read_overlays(storage::image_store& store, const std::vector<model::op_call>& ops) {
  std::vector<imaging::operations::overlay_source> overlays;
  for (const auto& id : imaging::images_named(ops)) {
    auto bytes = store.read_original(id);
    if (!bytes)
      return bytes.error().code == error_code::not_found ? missing_overlay(id) : bytes.error();
    overlays.push_back({id, std::move(*bytes)});
  }
  return overlays;
}

/// Submits the oldest queued version to the dispatcher unless one runs.
void submit_next(image_pointer self) {
  auto& state = self->state;
  if (state.running || state.deleted || !state.stored)
    return;
  auto next =
      std::find_if(state.record.versions.begin(), state.record.versions.end(),
                   [](const version_record& v) { return v.status == version_status::queued; });
  if (next == state.record.versions.end())
    return;
  auto number = next->number;
  if (auto resolved = resolve_source(state, *next); !resolved) {
    fail_version(self, number, resolved.error());
    return;
  }
  if (completed_by_reuse(self, *next))
    return;
  next->status = version_status::running;
  next->started_ms = model::now_ms();
  ++next->attempts;
  if (auto stored = state.settings.store->start_version(state.record.id, *next); !stored) {
    fail_version(self, number, stored.error());
    return;
  }
  state.running = number;
  self->request(state.settings.dispatcher, state.settings.job_deadline, submit_atom::value,
                job_ticket{state.record.id, number, caf::actor_cast<job_source_actor>(self)})
      .then([self, number](job_result& result) { complete_version(self, number, result); },
            [self, number](caf::error& failure) {
              auto why = to_problem(failure);
              if (why.code == error_code::timeout)
                why.message = "no worker finished the job within the job deadline";
              fail_version(self, number, why);
            });
}

} // namespace

void start_next(image_pointer self) {
  submit_next(self);
  count_held_versions(self->state);
}

caf::result<job> load_job(image_pointer self, std::uint32_t number) {
  auto& state = self->state;
  if (state.running != number)
    return to_error(error_code::conflict, "version " + std::to_string(number) + " of " +
                                              state.record.id + " is not running");
  const auto& version = version_at(state, number);
  job work;
  work.image_id = state.record.id;
  work.version = number;
  work.input_format = identity_of(state, version.source).format;
  work.ops = version.command.ops;
  work.image_created_ms = state.record.created_ms;
  work.labels = state.record.labels;
  auto overlays = read_overlays(*state.settings.store, work.ops);
  if (!overlays)
    return to_error(std::move(overlays).error());
  work.overlays = std::move(*overlays);
  // A file of the byte store travels by name (the dispatcher reads it for
  // workers that do not share the store); other bytes are read here.
  auto file = located_file(state, version.source);
  if (!file)
    return to_error(std::move(file).error());
  if (*file != nullptr) {
    work.input_blob = (*file)->ref;
    return work;
  }
  auto bytes = read_stored_bytes(state, version.source);
  if (!bytes)
    return to_error(std::move(bytes).error());
  work.input = model::shared_bytes(std::move(bytes).value());
  return work;
}

/// The answer to a command for version `number`: at once, or once it
/// settles or `wait_seconds` pass.
caf::result<command_reply> answer_command(image_pointer self, std::uint32_t number,
                                          std::uint32_t wait_seconds) {
  auto& state = self->state;
  const auto& current = version_at(state, number);
  if (is_settled(current))
    return command_reply{current, true};
  if (wait_seconds == 0) {
    if (auto durable = sync_before_acknowledging(state); !durable)
      return to_error(durable.error());
    return command_reply{current, false};
  }
  auto promise = self->make_response_promise<command_reply>();
  auto waiter_id = state.next_waiter_id++;
  state.waiters.push_back(waiter{waiter_id, number, promise});
  self->delayed_send(self, std::chrono::seconds(wait_seconds), wait_over_atom::value, waiter_id);
  return promise;
}

caf::result<command_reply> record_command(image_pointer self, command_request& request) {
  auto& state = self->state;
  auto& store = *state.settings.store;
  const auto& key = request.idempotency_key;
  if (!key.empty()) {
    // A retried command: answer with the version the first one created.
    auto first = store.find_command(state.record.id, key, model::now_ms());
    if (!first)
      return to_error(std::move(first).error());
    if (*first)
      return answer_command(self, **first, request.wait_seconds);
  }
  auto next_number = static_cast<std::uint32_t>(state.record.versions.size() + 1);
  if (auto requested = request.command.base; requested > 0) {
    auto* base = find_version(state, static_cast<std::uint32_t>(requested));
    if (base == nullptr)
      return to_error(error_code::invalid_request,
                      "base version " + std::to_string(requested) + " does not exist");
    if (base->status == version_status::failed)
      return to_error(error_code::invalid_request, "base version " + std::to_string(requested) +
                                                       " failed: " + base->error.message);
  }
  if (auto drawn = check_overlays(store, request.command.ops); !drawn)
    return to_error(drawn.error());
  version_record version;
  version.number = next_number;
  version.command = std::move(request.command);
  version.created_ms = model::now_ms();
  version.submitted_by = request.who.key_name;
  // A command that waits is answered once its version settles, after the
  // synced write of the result, which syncs this one too: it need not wait
  // for the disk now. Only an earlier answer (the wait ends first, a retry
  // without wait) has to sync it first: sync_before_acknowledging().
  auto claim = key.empty() ? std::optional<storage::idempotency_claim>()
                           : std::optional<storage::idempotency_claim>(claim_of(state, key));
  bool answered_after_settling = request.wait_seconds > 0;
  auto stored = answered_after_settling ? store.put_version_buffered(state.record.id, version,
                                                                     claim ? &*claim : nullptr)
                : claim                 ? store.put_version(state.record.id, version, *claim)
                                        : store.put_version(state.record.id, version);
  if (!stored)
    return to_error(stored.error());
  state.unsynced_writes = answered_after_settling; // a synced write syncs the earlier ones
  state.record.versions.push_back(version);
  start_next(self);
  return answer_command(self, next_number, request.wait_seconds);
}

void end_wait(image_pointer self, std::uint64_t waiter_id) {
  auto& waiters = self->state.waiters;
  auto it = std::find_if(waiters.begin(), waiters.end(),
                         [&](const waiter& w) { return w.id == waiter_id; });
  if (it == waiters.end())
    return;
  const auto& version = version_at(self->state, it->version);
  if (is_settled(version)) {
    it->promise.deliver(command_reply{version, true});
  } else if (auto durable = sync_before_acknowledging(self->state); !durable) {
    it->promise.deliver(to_error(durable.error()));
  } else {
    it->promise.deliver(command_reply{version, false});
  }
  waiters.erase(it);
}

caf::result<model::image_content> read_content(image_pointer self, const content_selector& which) {
  auto& state = self->state;
  std::uint32_t number = 0;
  switch (which.what) {
  case content_selector::kind::original:
    break;
  case content_selector::kind::latest:
    number =
        latest_done_before(state, static_cast<std::uint32_t>(state.record.versions.size() + 1));
    break;
  case content_selector::kind::version: {
    auto* version = find_version(state, which.version);
    if (version == nullptr)
      return to_error(error_code::not_found, "image " + state.record.id + " has no version " +
                                                 std::to_string(which.version));
    if (version->status == version_status::failed)
      return to_error(error_code::version_failed, "version " + std::to_string(which.version) +
                                                      " failed: " + version->error.message);
    if (version->status != version_status::done)
      return to_error(error_code::version_not_ready, "version " + std::to_string(which.version) +
                                                         " is " +
                                                         model::to_string(version->status));
    number = which.version;
    break;
  }
  }
  model::image_content content;
  auto identity = identity_of(state, number);
  content.format = identity.format;
  content.etag = "\"" + identity.sha256 + "\"";
  // A file of the byte store is checked here and sent as it is; bytes kept
  // elsewhere (a store of schema 1) are read.
  auto file = located_file(state, number);
  if (!file)
    return to_error(std::move(file).error());
  if (*file != nullptr) {
    if (auto checked = storage::check_file((*file)->path, (*file)->ref); !checked)
      return to_error(checked.error());
    content.file = (*file)->path;
    content.file_size = (*file)->ref.size;
    return content;
  }
  auto bytes = read_stored_bytes(state, number);
  if (!bytes)
    return to_error(std::move(bytes).error());
  content.bytes = std::move(bytes).value();
  return content;
}

} // namespace actors
