#include "actors/image_registry.hpp"

#include <memory>
#include <string>
#include <unordered_map>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <spdlog/spdlog.h>

#include "actors/model/image_id.hpp"
#include "actors/problem_error.hpp"
#include "storage/image_store.hpp"

namespace actors {

namespace {

struct registry_state {
  registry_settings settings;
  std::unordered_map<std::string, image_actor> live;
  model::image_id_generator ids;

  static inline const char* name = "image_registry";
};

using registry_pointer = registry_actor::stateful_pointer<registry_state>;

/// Links the registry to a new image actor: when the registry stops, its
/// image actors stop too; when an image actor stops, the exit handler
/// forgets it.
void adopt(registry_pointer self, const std::string& id, const image_actor& actor) {
  self->link_to(actor);
  self->state.live.emplace(id, actor);
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
                                 state.settings.image);
  adopt(self, id, actor);
  return actor;
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
    // Not one of ours: whoever owns the registry asks it to stop.
    self->quit(exit.reason);
  });
  return {
      [self](upload_atom, new_upload& upload) -> caf::result<model::image_record> {
        auto& state = self->state;
        upload.record.id = state.ids.next(upload.record.created_ms);
        auto id = upload.record.id;
        auto actor = spawn_image_actor(self->system(), std::move(upload.record),
                                       image_origin::uploaded, state.settings.image);
        adopt(self, id, actor);
        return self->delegate(actor, create_atom::value, std::move(upload.bytes));
      },
      [self](list_atom, std::uint32_t limit,
             std::string& before) -> caf::result<model::image_page> {
        auto page = self->state.settings.image.store->list_images(limit, before);
        if (!page)
          return to_error(std::move(page).error());
        return std::move(page).value();
      },
      [self](caf::get_atom, std::string& id) -> caf::result<model::image_record> {
        auto actor = find_or_load(self, id);
        if (!actor)
          return to_error(std::move(actor).error());
        return self->delegate(*actor, caf::get_atom::value);
      },
      [self](command_atom, command_request& request) -> caf::result<command_reply> {
        auto actor = find_or_load(self, request.image_id);
        if (!actor)
          return to_error(std::move(actor).error());
        return self->delegate(*actor, command_atom::value, std::move(request));
      },
      [self](version_atom, std::string& id,
             std::uint32_t number) -> caf::result<model::version_record> {
        auto actor = find_or_load(self, id);
        if (!actor)
          return to_error(std::move(actor).error());
        return self->delegate(*actor, version_atom::value, number);
      },
      [self](content_atom, std::string& id,
             content_selector& which) -> caf::result<model::image_content> {
        auto actor = find_or_load(self, id);
        if (!actor)
          return to_error(std::move(actor).error());
        return self->delegate(*actor, content_atom::value, which);
      },
      [self](caf::delete_atom, std::string& id) -> caf::result<caf::ok_atom> {
        auto actor = find_or_load(self, id);
        if (!actor)
          return to_error(std::move(actor).error());
        auto promise = self->make_response_promise<caf::ok_atom>();
        auto target = *actor;
        self->request(target, self->state.settings.request_timeout, caf::delete_atom::value)
            .then(
                [self, promise, target, id](caf::ok_atom ok) mutable {
                  // Route nothing more to the deleted image; the stop message
                  // queues behind anything already sent to it.
                  self->state.live.erase(id);
                  self->unlink_from(target);
                  self->send(target, stop_atom::value);
                  promise.deliver(ok);
                },
                [promise](caf::error& failure) mutable { promise.deliver(std::move(failure)); });
        return promise;
      },
      [self](resume_atom) {
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
      },
    [self](quiesce_atom) -> caf::result<caf::ok_atom> {
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
    },
  };
}

} // namespace

registry_actor spawn_registry(caf::actor_system& system, registry_settings settings) {
  return system.spawn(registry_behavior, std::move(settings));
}

} // namespace actors
