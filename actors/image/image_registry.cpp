#include "actors/image/image_registry.hpp"

#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <spdlog/spdlog.h>

#include "actors/model/image_id.hpp"
#include "actors/service/problem_error.hpp"
#include "storage/image_store.hpp"

namespace actors {

namespace {

/// Each image is in one of these states here:
///
///   (absent) --asked for--> live --idle actor offers to stop--> passivating
///      ^                     ^ |                                    |
///      |                     | +--deleted or failed--> (absent)     |
///      |                     +----actor still busy------------------+
///      +------------------------actor stopped-----------------------+
///
/// While an image is passivating, requests for it wait in a list of their
/// own, so none reaches an actor that is about to stop; they are served, in
/// the order they came, once the actor stopped or stayed.
struct registry_state {
  registry_settings settings;
  std::unordered_map<std::string, image_actor> live;
  std::unordered_set<std::string> passivating;
  // Requests for passivating images, by image id.
  std::unordered_map<std::string, std::vector<std::function<void()>>> waiting;
  // Uploads with an idempotency key being stored, by key: retries that
  // arrive meanwhile wait for the first one's answer.
  std::unordered_map<std::string, std::vector<caf::typed_response_promise<model::image_record>>>
      keyed_uploads;
  model::image_id_generator ids;
  std::uint64_t passivated = 0;

  static inline const char* name = "image_registry";
};

using registry_pointer = registry_actor::stateful_pointer<registry_state>;

registry_actor handle_of(registry_pointer self) {
  return caf::actor_cast<registry_actor>(self);
}

/// Links the registry to a new image actor: when the registry stops, its
/// image actors stop too; when an image actor stops, the exit handler
/// forgets it.
void adopt(registry_pointer self, const std::string& id, const image_actor& actor) {
  self->link_to(actor);
  self->state.live.emplace(id, actor);
}

image_actor_settings image_settings(registry_pointer self) {
  auto settings = self->state.settings.image;
  settings.registry = handle_of(self);
  return settings;
}

/// The live actor of `id`, spawned from storage if needed.
model::outcome<image_actor> find_or_load(registry_pointer self, const std::string& id) {
  auto& state = self->state;
  if (auto it = state.live.find(id); it != state.live.end())
    return it->second;
  if (!model::is_valid_image_id(id))
    return model::problem{model::error_code::not_found, "image " + id + " not found"};
  auto record = state.settings.image.store->load_image(id);
  if (!record)
    return std::move(record).error();
  auto actor = spawn_image_actor(self->system(), std::move(record).value(), image_origin::stored,
                                 image_settings(self));
  adopt(self, id, actor);
  return actor;
}

bool is_passivating(registry_pointer self, const std::string& id) {
  return self->state.passivating.count(id) > 0;
}

/// Serves the requests that waited for `id` to passivate, in order.
void serve_waiting(registry_pointer self, const std::string& id) {
  auto waiting = self->state.waiting.find(id);
  if (waiting == self->state.waiting.end())
    return;
  auto requests = std::move(waiting->second);
  self->state.waiting.erase(waiting);
  for (auto& serve : requests)
    serve();
}

/// Sends (xs...) to the actor of `id` on behalf of the current request; while
/// `id` passivates, once it is done.
template<class Result, class... Ts>
caf::result<Result> forward(registry_pointer self, const std::string& id, Ts&&... xs) {
  if (!is_passivating(self, id)) {
    auto actor = find_or_load(self, id);
    if (!actor)
      return to_error(std::move(actor).error());
    return self->delegate(*actor, std::forward<Ts>(xs)...);
  }
  auto promise = self->make_response_promise<Result>();
  self->state.waiting[id].push_back(
      [self, id, promise,
       request = std::make_tuple(std::decay_t<Ts>(std::forward<Ts>(xs))...)]() mutable {
        auto actor = find_or_load(self, id);
        if (!actor) {
          promise.deliver(to_error(std::move(actor).error()));
          return;
        }
        std::apply([&](auto&... parts) { promise.delegate(*actor, std::move(parts)...); }, request);
      });
  return promise;
}

/// Stops the actor of `id` (it answered that it stops) and forgets it.
void release(registry_pointer self, const std::string& id, const image_actor& actor) {
  self->state.live.erase(id);
  self->unlink_from(actor);
}

void passivate(registry_pointer self, const std::string& id) {
  auto& state = self->state;
  auto it = state.live.find(id);
  if (it == state.live.end() || it->second.address() != self->current_sender() ||
      !state.passivating.insert(id).second)
    return;
  auto actor = it->second;
  self->request(actor, state.settings.request_timeout, stop_atom::value)
      .then(
          [self, id, actor](bool stopped) {
            self->state.passivating.erase(id);
            if (stopped) {
              release(self, id, actor);
              ++self->state.passivated;
            }
            serve_waiting(self, id);
          },
          [self, id](caf::error&) {
            self->state.passivating.erase(id);
            serve_waiting(self, id);
          });
}

/// Deletes the image of `id` and answers `promise`.
void remove(registry_pointer self, const std::string& id,
            caf::typed_response_promise<caf::ok_atom> promise) {
  auto actor = find_or_load(self, id);
  if (!actor) {
    promise.deliver(to_error(std::move(actor).error()));
    return;
  }
  auto target = *actor;
  self->request(target, self->state.settings.request_timeout, caf::delete_atom::value)
      .then(
          [self, promise, target, id](caf::ok_atom ok) mutable {
            // Route nothing more to the deleted image; the stop request
            // queues behind anything already sent to it.
            release(self, id, target);
            self->request(target, self->state.settings.request_timeout, stop_atom::value)
                .then([](bool) {}, [](caf::error&) {});
            promise.deliver(ok);
          },
          [promise](caf::error& failure) mutable { promise.deliver(std::move(failure)); });
}

caf::result<caf::ok_atom> remove(registry_pointer self, const std::string& id) {
  auto promise = self->make_response_promise<caf::ok_atom>();
  if (is_passivating(self, id))
    self->state.waiting[id].push_back([self, id, promise] { remove(self, id, promise); });
  else
    remove(self, id, promise);
  return promise;
}

/// Creates the image of an upload, or answers a retried upload (same
/// idempotency key) with the image the first one created.
caf::result<model::image_record> store_upload(registry_pointer self, new_upload& upload) {
  auto& state = self->state;
  const auto key = upload.idempotency_key;
  if (!key.empty()) {
    if (auto running = state.keyed_uploads.find(key); running != state.keyed_uploads.end()) {
      auto promise = self->make_response_promise<model::image_record>();
      running->second.push_back(promise);
      return promise;
    }
    auto first = state.settings.image.store->find_upload(key, upload.record.created_ms);
    if (!first)
      return to_error(std::move(first).error());
    if (*first)
      return forward<model::image_record>(self, **first, caf::get_atom::value);
  }
  upload.record.id = state.ids.next(upload.record.created_ms);
  auto id = upload.record.id;
  // The actor gets the record now and the original with create_atom.
  auto actor = spawn_image_actor(self->system(), std::move(upload.record), image_origin::uploaded,
                                 image_settings(self));
  adopt(self, id, actor);
  if (key.empty())
    return self->delegate(actor, create_atom::value, std::move(upload));
  auto promise = self->make_response_promise<model::image_record>();
  state.keyed_uploads[key].push_back(promise);
  auto answer_all = [self, key](auto outcome) {
    auto waiting = std::move(self->state.keyed_uploads[key]);
    self->state.keyed_uploads.erase(key);
    for (auto& waiter : waiting)
      waiter.deliver(outcome);
  };
  self->request(actor, state.settings.request_timeout, create_atom::value, std::move(upload))
      .then([answer_all](model::image_record& record) mutable { answer_all(record); },
            [answer_all](caf::error& failure) mutable { answer_all(failure); });
  return promise;
}

caf::result<caf::ok_atom> quiesce(registry_pointer self) {

  auto& live = self->state.live;
  if (live.empty())
    return caf::ok_atom::value;
  auto promise = self->make_response_promise<caf::ok_atom>();
  auto outstanding = std::make_shared<std::size_t>(live.size());
  auto answered = [promise, outstanding]() mutable {
    if (--*outstanding == 0)
      promise.deliver(caf::ok_atom::value);
  };
  for (const auto& [id, actor] : live)
    self->request(actor, self->state.settings.request_timeout, caf::get_atom::value)
        .then([answered](const model::image_record&) mutable { answered(); },
              [answered](caf::error&) mutable { answered(); });
  return promise;
}

void resume(registry_pointer self) {
  auto unfinished = self->state.settings.image.store->images_with_unfinished_versions();
  if (!unfinished) {
    spdlog::error("resuming unfinished commands: {}", unfinished.error().message);
    return;
  }
  for (const auto& id : *unfinished)
    if (auto actor = find_or_load(self, id); !actor)
      spdlog::error("resuming image {}: {}", id, actor.error().message);
  if (!unfinished->empty())
    spdlog::info("resumed unfinished commands of {} images", unfinished->size());
}

registry_actor::behavior_type registry_behavior(registry_pointer self, registry_settings settings) {
  self->state.settings = std::move(settings);
  self->set_exit_handler([self](caf::exit_msg& exit) {
    auto& live = self->state.live;
    for (auto it = live.begin(); it != live.end(); ++it) {
      if (it->second.address() == exit.source) {
        if (exit.reason)
          spdlog::error("image actor {} stopped: {}", it->first, caf::to_string(exit.reason));
        live.erase(it);
        return;
      }
    }
    // Released actors end normally; anything else comes from whoever owns
    // the registry and asks it to stop.
    if (exit.reason && exit.reason != caf::exit_reason::normal)
      self->quit(exit.reason);
  });
  return {
      [self](upload_atom, new_upload& upload) { return store_upload(self, upload); },

      [self](list_atom, model::image_query& query) -> caf::result<model::image_page> {
        auto page = self->state.settings.image.store->list_images(query);
        if (!page)
          return to_error(std::move(page).error());
        return std::move(page).value();
      },
      [self](caf::get_atom, std::string& id) -> caf::result<model::image_record> {
        return forward<model::image_record>(self, id, caf::get_atom::value);
      },
      [self](command_atom, command_request& request) -> caf::result<command_reply> {
        auto id = request.image_id;
        return forward<command_reply>(self, id, command_atom::value, std::move(request));
      },
      [self](version_atom, std::string& id,
             std::uint32_t number) -> caf::result<model::version_record> {
        return forward<model::version_record>(self, id, version_atom::value, number);
      },
      [self](content_atom, std::string& id,
             content_selector& which) -> caf::result<model::image_content> {
        return forward<model::image_content>(self, id, content_atom::value, which);
      },
      [self](caf::delete_atom, std::string& id) -> caf::result<caf::ok_atom> {
        return remove(self, id);
      },
      [self](resume_atom) { resume(self); },
      [self](passivate_atom, std::string& id) { passivate(self, id); },
      [self](quiesce_atom) { return quiesce(self); },
      [self](status_atom) {
        return registry_stats{self->state.live.size(), self->state.passivated};
      },
      [self](inspect_atom) {
        registry_snapshot snapshot;
        snapshot.counts = {self->state.live.size(), self->state.passivated};
        snapshot.mailbox = self->mailbox().size();
        for (const auto& [id, actor] : self->state.live)
          snapshot.images.push_back(actor);
        return snapshot;
      },
  };
}

} // namespace

registry_actor spawn_registry(caf::actor_system& system, registry_settings settings) {
  return system.spawn(registry_behavior, std::move(settings));
}

} // namespace actors
