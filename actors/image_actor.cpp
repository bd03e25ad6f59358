#include "actors/image_actor.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <spdlog/spdlog.h>

#include "actors/model/clock.hpp"
#include "actors/problem_error.hpp"
#include "storage/image_store.hpp"

namespace actors {

namespace {

using model::error_code;
using model::version_record;
using model::version_status;

/// A client waiting (?wait=) for a version to settle.
struct waiter {
  std::uint64_t id = 0;
  std::uint32_t version = 0;
  caf::typed_response_promise<command_reply> promise;
};

/// Lifecycle of the actor:
///
///   new --create--> serving --delete--> deleted --stop--> (gone)
///                     ^  |
///                     +--+ one version running at a time
struct image_state {
  image_actor_settings settings;
  model::image_record record;
  bool stored = false;  // the image is in storage (false until create)
  bool deleted = false; // deleted: answer not_found until the registry stops us
  std::optional<std::uint32_t> running;
  std::vector<waiter> waiters;
  std::uint64_t next_waiter_id = 1;

  static inline const char* name = "image_actor";
};

using image_pointer = image_actor::stateful_pointer<image_state>;

bool is_settled(const version_record& version) {
  return version.status == version_status::done || version.status == version_status::failed;
}

caf::error image_not_found(const image_state& state) {
  return to_error(error_code::not_found, "image " + state.record.id + " not found");
}

version_record* find_version(image_state& state, std::uint32_t number) {
  if (number == 0 || number > state.record.versions.size())
    return nullptr;
  return &state.record.versions[number - 1];
}

/// The newest done version before `before`, or 0 for the original.
std::uint32_t latest_done_before(const image_state& state, std::uint32_t before) {
  for (auto number = before; number > 1; --number)
    if (state.record.versions[number - 2].status == version_status::done)
      return number - 1;
  return 0;
}

void settle_waiters(image_pointer self, const version_record& version) {
  auto& waiters = self->state.waiters;
  auto settled = std::stable_partition(
      waiters.begin(), waiters.end(), [&](const waiter& w) { return w.version != version.number; });
  for (auto it = settled; it != waiters.end(); ++it)
    it->promise.deliver(command_reply{version, true});
  waiters.erase(settled, waiters.end());
}

void start_next(image_pointer self);

void conclude(image_pointer self, version_record& version) {
  self->state.running.reset();
  settle_waiters(self, version);
  start_next(self);
}

void fail_version(image_pointer self, std::uint32_t number, const model::problem& why) {
  auto& state = self->state;
  auto* version = find_version(state, number);
  version->status = version_status::failed;
  version->finished_ms = model::now_ms();
  version->error_code = model::to_string(why.code);
  version->error = why.message;
  if (auto stored = state.settings.store->put_version(state.record.id, *version); !stored) {
    // The failure itself could not be recorded; after a restart the command
    // runs again, which is the safe side of losing this write.
    spdlog::error("image {}: recording failed version {}: {}", state.record.id, number,
                  stored.error().message);
  }
  conclude(self, *version);
}

void complete_version(image_pointer self, std::uint32_t number, job_result& result) {
  auto& state = self->state;
  auto* version = find_version(state, number);
  auto done = *version;
  done.status = version_status::done;
  done.finished_ms = model::now_ms();
  done.format = result.format;
  done.width = result.width;
  done.height = result.height;
  done.bytes = result.bytes.size();
  done.sha256 = result.sha256;
  done.took_ms = result.took_ms;
  done.node = result.node;
  if (auto stored = state.settings.store->finish_version(state.record.id, done, result.bytes);
      !stored) {
    fail_version(self, number,
                 {error_code::unavailable, "storing the result failed: " + stored.error().message});
    return;
  }
  *version = std::move(done);
  conclude(self, *version);
}

/// Decides which version `version` is computed from (sets its `source`):
/// the latest done one, the original, or the requested base, which must
/// have succeeded.
model::status resolve_source(image_state& state, version_record& version) {
  std::uint32_t source = 0;
  if (version.base == model::base_latest) {
    source = latest_done_before(state, version.number);
  } else if (version.base > 0) {
    source = static_cast<std::uint32_t>(version.base);
    const auto& base = state.record.versions[source - 1];
    if (base.status != version_status::done)
      return model::problem{error_code::version_failed,
                            "base version " + std::to_string(source) + " failed: " + base.error};
  }
  version.source = source;
  return model::ok_status();
}

/// The job of the running version `number`, with the bytes of its source.
caf::result<job> load_job(image_pointer self, std::uint32_t number) {
  auto& state = self->state;
  if (state.running != number)
    return to_error(error_code::conflict, "version " + std::to_string(number) + " of " +
                                              state.record.id + " is not running");
  const auto& version = state.record.versions[number - 1];
  auto& store = *state.settings.store;
  auto bytes = version.source == 0 ? store.read_original(state.record.id)
                                   : store.read_version(state.record.id, version.source);
  if (!bytes)
    return to_error(std::move(bytes).error());
  auto format =
      version.source == 0 ? state.record.format : state.record.versions[version.source - 1].format;
  return job{state.record.id, number, std::move(bytes).value(), format, version.ops};
}

void start_next(image_pointer self) {
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
  next->status = version_status::running;
  next->started_ms = model::now_ms();
  ++next->attempts;
  if (auto stored = state.settings.store->put_version(state.record.id, *next); !stored) {
    fail_version(self, number, stored.error());
    return;
  }
  state.running = number;
  self->request(state.settings.dispatcher, state.settings.job_deadline, submit_atom::value,
                job_ticket{state.record.id, number, caf::actor_cast<job_source_actor>(self)})

      .then([self, number](job_result& result) { complete_version(self, number, result); },
            [self, number](caf::error& failure) {
              auto why = to_problem(failure);
              if (why.code == error_code::overloaded) {
                // Accepted work is never dropped: offer it again later.
                auto* version = find_version(self->state, number);
                version->status = version_status::queued;
                --version->attempts;
                self->state.running.reset();
                self->delayed_send(self, self->state.settings.overload_backoff, retry_atom::value);
                return;
              }
              if (why.code == error_code::timeout)
                why.message = "no worker finished the job within the job deadline";
              fail_version(self, number, why);
            });
}

caf::result<command_reply> record_command(image_pointer self, command_request& request) {
  auto& state = self->state;
  auto next_number = static_cast<std::uint32_t>(state.record.versions.size() + 1);
  if (request.base > 0) {
    auto* base = find_version(state, static_cast<std::uint32_t>(request.base));
    if (base == nullptr)
      return to_error(error_code::invalid_request,
                      "base version " + std::to_string(request.base) + " does not exist");
    if (base->status == version_status::failed)
      return to_error(error_code::invalid_request,
                      "base version " + std::to_string(request.base) + " failed: " + base->error);
  }
  version_record version;
  version.number = next_number;
  version.base = request.base;
  version.ops = std::move(request.ops);
  version.created_ms = model::now_ms();
  version.submitted_by = request.who.key_name;
  if (auto stored = state.settings.store->put_version(state.record.id, version); !stored)
    return to_error(stored.error());
  state.record.versions.push_back(version);
  start_next(self);
  const auto& current = state.record.versions.back();
  if (request.wait_seconds == 0 || is_settled(current))
    return command_reply{current, is_settled(current)};
  auto promise = self->make_response_promise<command_reply>();
  auto waiter_id = state.next_waiter_id++;
  state.waiters.push_back(waiter{waiter_id, next_number, promise});
  self->delayed_send(self, std::chrono::seconds(request.wait_seconds), wait_over_atom::value,
                     waiter_id);
  return promise;
}

caf::result<model::image_content> read_content(image_pointer self, const content_selector& which) {
  auto& state = self->state;
  auto& store = *state.settings.store;
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
      return to_error(error_code::version_failed,
                      "version " + std::to_string(which.version) + " failed: " + version->error);
    if (version->status != version_status::done)
      return to_error(error_code::version_not_ready, "version " + std::to_string(which.version) +
                                                         " is " +
                                                         model::to_string(version->status));
    number = which.version;
    break;
  }
  }
  if (number == 0) {
    auto bytes = store.read_original(state.record.id);
    if (!bytes)
      return to_error(std::move(bytes).error());
    return model::image_content{std::move(bytes).value(), state.record.format,
                                "\"" + state.record.sha256 + "\""};
  }
  const auto& version = state.record.versions[number - 1];
  auto bytes = store.read_version(state.record.id, number);
  if (!bytes)
    return to_error(std::move(bytes).error());
  return model::image_content{std::move(bytes).value(), version.format,
                              "\"" + version.sha256 + "\""};
}

image_actor::behavior_type image_behavior(image_pointer self, model::image_record image,
                                          image_origin origin, image_actor_settings settings) {
  auto& state = self->state;
  state.settings = std::move(settings);
  state.record = std::move(image);
  state.stored = origin == image_origin::stored;
  if (state.stored) {
    // Whatever was running when the image was last served did not finish:
    // it runs again from the start.
    for (auto& version : state.record.versions)
      if (version.status == version_status::running)
        version.status = version_status::queued;
    start_next(self);
  }
  return {
      [self](create_atom, std::string& original) -> caf::result<model::image_record> {
        auto& state = self->state;
        if (state.stored)
          return to_error(error_code::conflict, "image " + state.record.id + " already exists");
        if (auto stored = state.settings.store->create_image(state.record, original); !stored) {
          self->quit();
          return to_error(stored.error());
        }
        state.stored = true;
        auto answer = state.record;
        start_next(self);
        return answer;
      },
      [self](load_atom, std::uint32_t number) -> caf::result<job> {
        return load_job(self, number);
      },
      [self](caf::get_atom) -> caf::result<model::image_record> {
        if (self->state.deleted)
          return image_not_found(self->state);
        return self->state.record;
      },
      [self](command_atom, command_request& request) -> caf::result<command_reply> {
        if (self->state.deleted)
          return image_not_found(self->state);
        return record_command(self, request);
      },
      [self](version_atom, std::uint32_t number) -> caf::result<model::version_record> {
        auto& state = self->state;
        if (state.deleted)
          return image_not_found(state);
        auto* version = find_version(state, number);
        if (version == nullptr)
          return to_error(error_code::not_found,
                          "image " + state.record.id + " has no version " + std::to_string(number));
        return *version;
      },
      [self](content_atom, content_selector& which) -> caf::result<model::image_content> {
        if (self->state.deleted)
          return image_not_found(self->state);
        return read_content(self, which);
      },
      [self](caf::delete_atom) -> caf::result<caf::ok_atom> {
        auto& state = self->state;
        if (state.deleted)
          return image_not_found(state);
        if (auto removed = state.settings.store->delete_image(state.record.id); !removed)
          return to_error(removed.error());
        state.deleted = true;
        for (auto& w : state.waiters)
          w.promise.deliver(image_not_found(state));
        state.waiters.clear();
        return caf::ok_atom::value;
      },
      [self](wait_over_atom, std::uint64_t waiter_id) {
        auto& waiters = self->state.waiters;
        auto it = std::find_if(waiters.begin(), waiters.end(),
                               [&](const waiter& w) { return w.id == waiter_id; });
        if (it == waiters.end())
          return;
        auto* version = find_version(self->state, it->version);
        it->promise.deliver(command_reply{*version, is_settled(*version)});
        waiters.erase(it);
      },
      [self](retry_atom) { start_next(self); },
      [self](stop_atom) { self->quit(); },
  };
}

} // namespace

image_actor spawn_image_actor(caf::actor_system& system, model::image_record image,
                              image_origin origin, image_actor_settings settings) {
  return system.spawn(image_behavior, std::move(image), origin, std::move(settings));
}

} // namespace actors
