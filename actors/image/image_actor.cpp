#include "actors/image/image_actor.hpp"

#include <string>
#include <type_traits>

#include <caf/actor_system.hpp>
#include <spdlog/spdlog.h>

#include "actors/image/image_state.hpp"
#include "actors/image/image_versions.hpp"
#include "actors/service/problem_error.hpp"
#include "actors/service/received_original.hpp"
#include "storage/image_store.hpp"

namespace actors {

namespace {

using model::error_code;
using model::version_status;

/// Stops the actor after a failure inside it; the registry recreates it
/// from storage when the image is next asked for.
caf::error fail_actor(image_pointer self, const char* what) {
  spdlog::error("image actor {} failed ({}); it restarts from storage", self->state.record.id,
                what);
  self->quit(caf::exit_reason::unhandled_exception);
  return to_error(error_code::internal_error,
                  "the image's actor failed and restarts from storage; retry the request");
}

/// Runs the handler `body` of a client message: notes the activity (for
/// passivation) and turns an exception (a bug, a broken invariant, a failing
/// library) into an internal_error answer for this request only.
template<class Body>
auto supervised(image_pointer self, Body body) -> decltype(body()) {
  self->state.last_activity = self->clock().now();
  try {
    return body();
  } catch (const std::exception& failure) {
    auto error = fail_actor(self, failure.what());
    if constexpr (!std::is_void_v<decltype(body())>)
      return error;
  }
}

/// Offers the registry to stop once idle for the configured time.
void check_idle(image_pointer self) {
  auto& state = self->state;
  auto timeout = state.settings.idle_timeout;
  auto idle_for = std::chrono::duration_cast<std::chrono::milliseconds>(self->clock().now() -
                                                                        state.last_activity);
  if (idle_for >= timeout && is_idle(state) && state.settings.registry)
    self->send(state.settings.registry, passivate_atom::value, state.record.id);
  auto next_check = idle_for >= timeout ? timeout : timeout - idle_for;
  self->delayed_send(self, next_check, caf::tick_atom::value);
}

// Stores the image with its original (upload's record: given at spawn).
model::status store_original(image_state& state, new_upload& upload) {
  auto& store = *state.settings.store;
  const auto& key = upload.idempotency_key;
  if (upload.received) {
    auto file = upload.received->take();
    if (!file)
      return file.error();
    auto claim = claim_of(state, key);
    return store.create_image(state.record, std::move(*file), key.empty() ? nullptr : &claim);
  }
  return key.empty() ? store.create_image(state.record, upload.bytes)
                     : store.create_image(state.record, upload.bytes, claim_of(state, key));
}

caf::result<model::image_record> create(image_pointer self, new_upload& upload) {
  auto& state = self->state;
  if (state.stored)
    return to_error(error_code::conflict, "image " + state.record.id + " already exists");
  auto stored = store_original(state, upload);
  if (!stored) {
    self->quit();
    return to_error(stored.error());
  }
  state.stored = true;
  state.unsynced_writes = false;
  auto answer = state.record;
  start_next(self);
  return answer;
}

caf::result<caf::ok_atom> remove(image_pointer self) {
  auto& state = self->state;
  if (auto removed = state.settings.store->delete_image(state.record.id); !removed)
    return to_error(removed.error());
  state.deleted = true;
  count_held_versions(state);
  for (auto& w : state.waiters)
    w.promise.deliver(image_not_found(state));
  state.waiters.clear();
  return caf::ok_atom::value;
}

image_actor::behavior_type image_behavior(image_pointer self, model::image_record image,
                                          image_origin origin, image_actor_settings settings) {
  auto& state = self->state;
  state.settings = std::move(settings);
  state.held.count_into(state.settings.gauges);
  state.record = std::move(image);
  state.stored = origin == image_origin::stored;
  state.last_activity = self->clock().now();
  // Failures in response handlers (no client request at hand) stop the
  // actor the same way.
  self->set_exception_handler([self](std::exception_ptr& failure) -> caf::error {
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      fail_actor(self, e.what());
    } catch (...) {
      fail_actor(self, "unknown exception");
    }
    return caf::exit_reason::unhandled_exception;
  });
  if (state.stored) {
    // Whatever was running when the image was last served did not finish:
    // it runs again from the start.
    for (auto& version : state.record.versions)
      if (version.status == version_status::running)
        version.status = version_status::queued;
    start_next(self);
  }
  if (state.settings.idle_timeout.count() > 0)
    self->delayed_send(self, state.settings.idle_timeout, caf::tick_atom::value);
  auto unless_deleted = [self](auto body) {
    return supervised(self, [&]() -> decltype(body()) {
      if (self->state.deleted)
        return image_not_found(self->state);
      return body();
    });
  };
  return {
      [self](create_atom, new_upload& upload) {
        return supervised(self, [&] { return create(self, upload); });
      },

      [self](load_atom, std::uint32_t number) {
        return supervised(self, [&] { return load_job(self, number); });
      },
      [self, unless_deleted](caf::get_atom) {
        return unless_deleted(
            [&]() -> caf::result<model::image_record> { return self->state.record; });
      },
      [self, unless_deleted](command_atom, command_request& request) {
        return unless_deleted([&] { return record_command(self, request); });
      },
      [self, unless_deleted](version_atom, std::uint32_t number) {
        return unless_deleted([&]() -> caf::result<model::version_record> {
          auto* version = find_version(self->state, number);
          if (version == nullptr)
            return to_error(error_code::not_found, "image " + self->state.record.id +
                                                       " has no version " + std::to_string(number));
          return *version;
        });
      },
      [self, unless_deleted](content_atom, content_selector& which) {
        return unless_deleted([&] { return read_content(self, which); });
      },
      [self, unless_deleted](caf::delete_atom) {
        return unless_deleted([&] { return remove(self); });
      },
      [self](wait_over_atom, std::uint64_t waiter_id) {
        supervised(self, [&] { end_wait(self, waiter_id); });
      },
      [self](caf::tick_atom) { check_idle(self); },
      [self](stop_atom) {
        bool stopping = self->state.deleted || is_idle(self->state);
        if (stopping)
          self->quit();
        return stopping;
      },
      [self](status_atom) -> std::uint64_t { return self->mailbox().size(); },
  };
}

} // namespace

image_actor spawn_image_actor(caf::actor_system& system, model::image_record image,
                              image_origin origin, image_actor_settings settings) {
  return system.spawn(image_behavior, std::move(image), origin, std::move(settings));
}

} // namespace actors
