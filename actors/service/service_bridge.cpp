#include "actors/service/service_bridge.hpp"

#include <algorithm>
#include <memory>
#include <tuple>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>

#include "actors/imaging/image_format.hpp"
#include "actors/model/clock.hpp"
#include "actors/service/problem_error.hpp"
#include "actors/service/received_original.hpp"
#include "storage/image_store.hpp"

namespace actors {

namespace {

template<class T>
struct identity {
  T operator()(T& value) const {
    return std::move(value);
  }
};

const profile* find_profile(const std::vector<profile>& profiles, const std::string& name) {
  for (const auto& candidate : profiles)
    if (candidate.name == name)
      return &candidate;
  return nullptr;
}

} // namespace

service_bridge::service_bridge(caf::actor_system& system, registry_actor registry,
                               dispatcher_actor dispatcher, bridge_settings settings)
    : system_(system), registry_(std::move(registry)), dispatcher_(std::move(dispatcher)),
      settings_(std::move(settings)),
      pending_uploads_(std::make_shared<std::atomic<std::size_t>>(0)) {}

std::optional<model::problem> service_bridge::refuse_more_jobs() const {
  if (!settings_.gauges)
    return std::nullopt;
  // Versions held inside image actors wait for a worker as much as the jobs
  // in the dispatcher's queue do.
  auto waiting = settings_.gauges->queued.load() + settings_.gauges->held.load();
  if (waiting < settings_.max_queued_jobs)
    return std::nullopt;
  return model::problem{model::error_code::overloaded,
                        std::to_string(waiting) +
                            " commands are waiting for a worker; retry later"};
}

template<class Answer, class Handle, class Result, class Convert, class... Ts>
void service_bridge::ask(const Handle& receiver, std::chrono::milliseconds timeout,
                         reply<Result> done, Convert convert, Ts&&... xs) {
  system_.spawn([receiver, timeout, request = std::make_tuple(std::forward<Ts>(xs)...),
                 done = std::move(done), convert](caf::event_based_actor* self) mutable {
    std::apply(
        [&](auto&... parts) { return self->request(receiver, timeout, std::move(parts)...); },
        request)
        .then([done, convert](Answer& answer) mutable { done(convert(answer)); },
              [done](caf::error& failure) mutable { done(to_problem(failure)); });
  });
}

std::optional<model::problem> service_bridge::refuse_upload(const upload_request& request) const {
  if (!request.profile.empty()) {
    if (auto refusal = refuse_more_jobs())
      return refusal;
    if (find_profile(settings_.profiles, request.profile) == nullptr)
      return model::problem{model::error_code::unknown_profile,
                            "no profile named \"" + request.profile + "\" (see GET /v1/profiles)"};
  }
  if (pending_uploads_->load() >= settings_.max_pending_uploads)
    return model::problem{model::error_code::overloaded,
                          "too many uploads are being stored at once; retry later"};
  return std::nullopt;
}

model::outcome<std::shared_ptr<model::byte_sink>>
service_bridge::open_upload(const upload_request& request) {
  if (auto refusal = refuse_upload(request))
    return *refusal;
  if (settings_.store == nullptr)
    return model::problem{model::error_code::unavailable, "this node stores no images"};
  auto file = settings_.store->receive_original();
  if (!file)
    return file.error();
  return std::shared_ptr<model::byte_sink>(std::make_shared<received_original>(std::move(*file)));
}

void service_bridge::upload(upload_request request, reply<model::image_record> done) {
  if (auto refusal = refuse_upload(request)) {
    done(*refusal);
    return;
  }
  auto received = std::dynamic_pointer_cast<received_original>(request.streamed);
  if (!received) {
    done(model::problem{model::error_code::internal_error,
                        "an upload came from a stream this service did not open"});
    return;
  }
  auto header = received->probe(settings_.limits);
  if (!header) {
    done(std::move(header).error());
    return;
  }
  model::image_record record;
  record.created_ms = model::now_ms();
  if (!request.profile.empty()) {
    const auto* chosen = find_profile(settings_.profiles, request.profile);
    model::version_record first;
    first.number = 1;
    first.command.ops = chosen->ops;
    first.created_ms = record.created_ms;
    first.submitted_by = request.who.key_name;
    record.profile = chosen->name;
    record.versions.push_back(std::move(first));
  }
  record.format = imaging::format_name(header->format);
  record.width = header->width;
  record.height = header->height;
  // probe() finished the file: naming it cannot fail now.
  auto ref = received->finish();
  record.bytes = ref->size;
  record.sha256 = std::move(ref->sha256);
  record.uploaded_by = request.who.key_name;
  record.labels = std::move(request.labels);
  ++*pending_uploads_;
  auto counted = [pending = pending_uploads_, metrics = settings_.metrics,
                  done = std::move(done)](model::outcome<model::image_record> stored) {
    --*pending;
    if (stored && metrics)
      metrics->count(telemetry::names::upload_bytes, {}, static_cast<double>(stored->bytes));

    done(std::move(stored));
  };
  ask<model::image_record>(registry_, settings_.request_timeout,
                           reply<model::image_record>(counted), identity<model::image_record>{},
                           upload_atom::value,
                           new_upload{std::string(), std::move(request.idempotency_key),
                                      std::move(record), std::move(received)});
}

void service_bridge::list_images(model::image_query query, reply<model::image_page> done) {
  ask<model::image_page>(registry_, settings_.request_timeout, std::move(done),
                         identity<model::image_page>{}, list_atom::value, std::move(query));
}

void service_bridge::get_image(std::string id, reply<model::image_record> done) {
  ask<model::image_record>(registry_, settings_.request_timeout, std::move(done),
                           identity<model::image_record>{}, caf::get_atom::value, std::move(id));
}

void service_bridge::get_content(std::string id, content_selector which,
                                 reply<model::image_content> done) {
  ask<model::image_content>(registry_, settings_.request_timeout, std::move(done),
                            identity<model::image_content>{}, content_atom::value, std::move(id),
                            which);
}

void service_bridge::submit_command(command_request request, reply<command_reply> done) {
  if (auto refusal = refuse_more_jobs()) {
    done(*refusal);
    return;
  }

  auto timeout = settings_.request_timeout + std::chrono::seconds(request.wait_seconds);
  ask<command_reply>(registry_, timeout, std::move(done), identity<command_reply>{},
                     command_atom::value, std::move(request));
}

void service_bridge::get_version(std::string id, std::uint32_t number,
                                 reply<model::version_record> done) {
  ask<model::version_record>(registry_, settings_.request_timeout, std::move(done),
                             identity<model::version_record>{}, version_atom::value, std::move(id),
                             number);
}

void service_bridge::delete_image(std::string id, reply<model::success> done) {
  ask<caf::ok_atom>(
      registry_, settings_.request_timeout, std::move(done),
      [](caf::ok_atom) { return model::success{}; }, caf::delete_atom::value, std::move(id));
}

const std::vector<profile>& service_bridge::profiles() const {
  return settings_.profiles;
}

void service_bridge::cluster_status(reply<model::cluster_overview> done) {
  using nodes = std::vector<model::node_status>;
  ask<nodes>(
      dispatcher_, settings_.request_timeout, std::move(done),
      [gauges = settings_.gauges, metrics = settings_.metrics](nodes& listed) {
        model::cluster_overview overview;
        overview.nodes = std::move(listed);
        if (gauges)
          overview.queue_depth = gauges->queued.load();
        if (metrics)
          overview.last_minute = telemetry::to_job_window(metrics->jobs.summary());
        return overview;
      },
      status_atom::value);
}

void service_bridge::drain_node(std::string node, bool draining, reply<model::success> done) {
  ask<caf::ok_atom>(
      dispatcher_, settings_.request_timeout, std::move(done),
      [](caf::ok_atom) { return model::success{}; }, drain_atom::value, std::move(node), draining);
}

} // namespace actors

namespace actors {

namespace {

std::vector<telemetry::sample> storage_samples(storage::image_store* store) {
  if (store == nullptr)
    return {};
  auto usage = store->usage();
  if (!usage)
    return {};
  namespace names = telemetry::names;
  return {{names::storage_bytes, {"live"}, static_cast<double>(usage->live_bytes)},
          {names::storage_bytes, {"disk"}, static_cast<double>(usage->disk_bytes)},
          {names::storage_images, {}, static_cast<double>(usage->images)}};
}

} // namespace

void service_bridge::readiness(reply<model::success> done) {
  if (settings_.store == nullptr) {
    done(model::problem{model::error_code::unavailable, "storage is not open"});
    return;
  }
  if (settings_.gauges && settings_.gauges->workers.load() == 0) {
    done(model::problem{model::error_code::unavailable, "no worker is available"});
    return;
  }
  done(model::success{});
}

void service_bridge::metrics(reply<std::string> done) {
  if (!settings_.metrics) {
    done(model::problem{model::error_code::unavailable, "metrics are not recorded"});
    return;
  }
  auto samples = storage_samples(settings_.store);
  if (settings_.more_samples)
    for (auto& sample : settings_.more_samples())
      samples.push_back(std::move(sample));
  if (settings_.gauges) {
    namespace names = telemetry::names;
    samples.push_back({names::workers, {}, static_cast<double>(settings_.gauges->workers.load())});
    samples.push_back(
        {names::queue_depth, {}, static_cast<double>(settings_.gauges->queued.load())});
    samples.push_back(
        {names::jobs_in_flight, {}, static_cast<double>(settings_.gauges->in_flight.load())});
    samples.push_back(
        {names::held_versions, {}, static_cast<double>(settings_.gauges->held.load())});
  }
  // The figures the actors hold come from one short-lived actor asking
  // them in turn; a part that does not answer in time is left out.
  auto timeout = settings_.request_timeout;
  system_.spawn([registry = registry_, dispatcher = dispatcher_, metrics = settings_.metrics,
                 samples = std::move(samples), done = std::move(done),
                 timeout](caf::event_based_actor* self) mutable {
    auto render = [metrics, done](const std::vector<telemetry::sample>& all) mutable {
      done(metrics->exposition(all));
    };
    self->request(dispatcher, timeout, status_atom::value)
        .then(
            [=](std::vector<model::node_status>& nodes) mutable {
              namespace names = telemetry::names;
              for (auto state :
                   {model::node_state::up, model::node_state::draining, model::node_state::down}) {
                auto count = std::count_if(nodes.begin(), nodes.end(),
                                           [&](const auto& n) { return n.state == state; });
                samples.push_back(
                    {names::nodes, {model::to_string(state)}, static_cast<double>(count)});
              }
              self->request(registry, timeout, status_atom::value)
                  .then(
                      [=](const registry_stats& stats) mutable {
                        samples.push_back(
                            {names::image_actors, {}, static_cast<double>(stats.live)});
                        samples.push_back(
                            {names::passivated, {}, static_cast<double>(stats.passivated)});
                        render(samples);
                      },
                      [=](caf::error&) mutable { render(samples); });
            },
            [=](caf::error&) mutable { render(samples); });
  });
}

} // namespace actors
