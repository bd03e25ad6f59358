#include "actors/inspector/inspector.hpp"

#include <algorithm>
#include <functional>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/inspector/inspector_views.hpp"
#include "actors/model/clock.hpp"
#include "actors/service/problem_error.hpp"

namespace actors {

namespace {

/// How many images `images` lists without a count, and at most.
constexpr std::uint32_t default_image_count = 10;
constexpr std::uint32_t max_image_count = 1000;

struct inspector_state {
  inspector_settings settings;

  static inline const char* name = "inspector";
};

using inspector_pointer = inspector_actor::stateful_pointer<inspector_state>;
using words = std::vector<std::string>;
using reply_promise = caf::typed_response_promise<std::string>;

caf::error usage(const std::string& text) {
  return to_error(model::error_code::invalid_request, "usage: " + text);
}

/// Sends (xs...) to `target` and hands the answer to `then`; a failure
/// answers the command with it.
template<class Target, class Then, class... Ts>
void ask(inspector_pointer self, const Target& target, reply_promise promise, Then then,
         Ts&&... xs) {
  self->request(target, self->state.settings.request_timeout, std::forward<Ts>(xs)...)
      .then(std::move(then), [promise](caf::error& failure) mutable { promise.deliver(failure); });
}

/// Answers the command with what `view` makes of the dispatcher's snapshot.
caf::result<std::string> from_dispatcher(inspector_pointer self,
                                         std::function<views::document(dispatch_snapshot&)> view) {
  auto promise = self->make_response_promise<std::string>();
  ask(
      self, self->state.settings.dispatcher, promise,
      [promise, view](dispatch_snapshot& snapshot) mutable {
        promise.deliver(view(snapshot).dump());
      },
      inspect_atom::value);
  return promise;
}

/// Mailbox sizes come from each actor itself: only an actor may read its
/// own mailbox. Image actors are asked one by one.
caf::result<std::string> actor_kinds(inspector_pointer self) {
  auto promise = self->make_response_promise<std::string>();
  auto kinds = std::make_shared<std::vector<views::actor_kind>>();
  kinds->push_back({"inspector", 1, self->mailbox().size(), self->mailbox().size()});
  auto registry = self->state.settings.registry;
  ask(
      self, self->state.settings.dispatcher, promise,
      [self, promise, kinds, registry](dispatch_snapshot& dispatch) mutable {
        kinds->push_back({"dispatcher", 1, dispatch.mailbox, dispatch.mailbox});
        ask(
            self, registry, promise,
            [self, promise, kinds](registry_snapshot& snapshot) mutable {
              kinds->push_back({"image_registry", 1, snapshot.mailbox, snapshot.mailbox});
              kinds->push_back({"image_actor", 0, 0, 0});
              auto passivated = snapshot.counts.passivated;
              auto outstanding = std::make_shared<std::size_t>(snapshot.images.size());
              auto finish = [promise, kinds, passivated]() mutable {
                promise.deliver(views::actors(*kinds, passivated).dump());
              };
              if (*outstanding == 0)
                finish();
              for (const auto& image : snapshot.images)
                // An image actor that stopped meanwhile is no longer live.
                self->request(image, self->state.settings.request_timeout, status_atom::value)
                    .then(
                        [kinds, outstanding, finish](std::uint64_t mailbox) mutable {
                          auto& images = kinds->back();
                          ++images.count;
                          images.mailbox += mailbox;
                          images.max_mailbox = std::max(images.max_mailbox, mailbox);
                          if (--*outstanding == 0)
                            finish();
                        },
                        [outstanding, finish](caf::error&) mutable {
                          if (--*outstanding == 0)
                            finish();
                        });
            },
            inspect_atom::value);
      },
      inspect_atom::value);
  return promise;
}

caf::result<std::string> images(inspector_pointer self, const words& command) {
  auto count = default_image_count;
  if (command.size() > 2)
    return usage("images [N]");
  if (command.size() == 2) {
    try {
      std::size_t used = 0;
      auto parsed = std::stoul(command[1], &used);
      if (used != command[1].size() || parsed < 1 || parsed > max_image_count)
        throw std::out_of_range("count");
      count = static_cast<std::uint32_t>(parsed);
    } catch (const std::exception&) {
      return usage("images [N], N from 1 to " + std::to_string(max_image_count));
    }
  }
  model::image_query newest;
  newest.limit = count;
  auto promise = self->make_response_promise<std::string>();
  ask(
      self, self->state.settings.registry, promise,
      [promise](model::image_page& page) mutable { promise.deliver(views::images(page).dump()); },
      list_atom::value, std::move(newest));
  return promise;
}

caf::result<std::string> image(inspector_pointer self, const words& command) {
  if (command.size() != 2)
    return usage("image ID");
  auto promise = self->make_response_promise<std::string>();
  auto dispatcher = self->state.settings.dispatcher;
  ask(
      self, self->state.settings.registry, promise,
      [self, promise, dispatcher](model::image_record& record) mutable {
        ask(
            self, dispatcher, promise,
            [promise, record](dispatch_snapshot& snapshot) mutable {
              promise.deliver(views::image(record, snapshot.jobs).dump());
            },
            inspect_atom::value);
      },
      caf::get_atom::value, command[1]);
  return promise;
}

caf::result<std::string> drain(inspector_pointer self, const words& command, bool draining) {
  if (command.size() != 2)
    return usage(command[0] + " NODE");
  auto promise = self->make_response_promise<std::string>();
  auto node = command[1];
  ask(
      self, self->state.settings.dispatcher, promise,
      [promise, node, draining](caf::ok_atom) mutable {
        views::document answer{{"node", node}, {"state", draining ? "draining" : "up"}};
        promise.deliver(answer.dump());
      },
      drain_atom::value, node, draining);
  return promise;
}

caf::result<std::string> stats(inspector_pointer self) {
  const auto& metrics = self->state.settings.metrics;
  if (!metrics)
    return views::stats({}, {}).dump();
  return views::stats(metrics->requests.summary(), metrics->jobs.summary()).dump();
}

caf::result<std::string> run(inspector_pointer self, const words& command) {
  if (command.empty())
    return usage("a command (see help)");
  const auto& name = command[0];
  auto without_arguments = [&](auto answer) -> caf::result<std::string> {
    if (command.size() != 1)
      return usage(name);
    return answer();
  };
  if (name == "nodes")
    return without_arguments([&] {
      return from_dispatcher(self, [](dispatch_snapshot& s) { return views::nodes(s.nodes); });
    });
  if (name == "workers")
    return without_arguments([&] {
      return from_dispatcher(self, [](dispatch_snapshot& s) { return views::workers(s.workers); });
    });
  if (name == "jobs")
    return without_arguments([&] {
      return from_dispatcher(
          self, [](dispatch_snapshot& s) { return views::jobs(s.jobs, model::now_ms()); });
    });
  if (name == "actors")
    return without_arguments([&] { return actor_kinds(self); });
  if (name == "images")
    return images(self, command);
  if (name == "image")
    return image(self, command);
  if (name == "stats")
    return without_arguments([&] { return stats(self); });
  if (name == "operations")
    return without_arguments([] { return views::operations().dump(); });
  if (name == "config")
    return without_arguments([&]() -> caf::result<std::string> {
      return views::config(self->state.settings.config).dump();
    });
  if (name == "webhooks")
    return without_arguments([&]() -> caf::result<std::string> {
      const auto& webhooks = self->state.settings.webhooks;
      return webhooks ? webhooks() : std::string(R"({"webhooks":[]})");
    });
  if (name == "drain" || name == "undrain")
    return drain(self, command, name == "drain");
  return to_error(model::error_code::invalid_request, "unknown command \"" + name + "\"");
}

inspector_actor::behavior_type inspector_behavior(inspector_pointer self,
                                                  inspector_settings settings) {
  self->state.settings = std::move(settings);
  return {
      [self](inspect_atom, const words& command) { return run(self, command); },
  };
}

} // namespace

inspector_actor spawn_inspector(caf::actor_system& system, inspector_settings settings) {
  return system.spawn(inspector_behavior, std::move(settings));
}

} // namespace actors
