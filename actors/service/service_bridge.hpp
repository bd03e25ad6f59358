#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <caf/fwd.hpp>

#include "actors/cluster/dispatch_gauges.hpp"
#include "actors/imaging/image_limits.hpp"
#include "actors/protocol.hpp"
#include "actors/service/image_service.hpp"
#include "actors/telemetry/metrics.hpp"
#include "config/defaults.hpp"

namespace storage {
class image_store;
}

namespace actors {

struct bridge_settings {
  imaging::image_limits limits; // checked on upload, from the header
  std::vector<profile> profiles;
  /// Deadline of a request inside the service, beyond any ?wait.
  std::chrono::milliseconds request_timeout{defaults::http_request_timeout};
  /// The dispatcher's figures; commands (and uploads with a profile) are
  /// refused as overloaded while `max_queued_jobs` jobs wait for a worker.
  std::shared_ptr<const dispatch_gauges> gauges;
  std::uint64_t max_queued_jobs = defaults::worker_queue_limit;
  /// Uploads on their way to storage at once; more are refused as
  /// overloaded, so that a flood costs 503s instead of memory.
  std::size_t max_pending_uploads = defaults::storage_max_pending_uploads;
  /// Where uploads are counted and what /metrics shows; may be null.
  std::shared_ptr<telemetry::metrics> metrics;
  /// For readiness and the storage figures of /metrics; may be null.
  storage::image_store* store = nullptr;
  /// Figures of other parts of the node for /metrics; may be empty.
  std::function<std::vector<telemetry::sample>()> more_samples;
};

/// The image_service of a node: checks what can be checked without actors
/// (format, header, limits, profile) on the caller's thread, then sends each
/// call to the registry and relays the answer. Thread-safe.
class service_bridge : public image_service {
public:
  service_bridge(caf::actor_system& system, registry_actor registry, dispatcher_actor dispatcher,
                 bridge_settings settings);

  model::outcome<std::shared_ptr<model::byte_sink>>
  open_upload(const upload_request& request) override;
  void upload(upload_request request, reply<model::image_record> done) override;
  void list_images(model::image_query query, reply<model::image_page> done) override;
  void get_image(std::string id, reply<model::image_record> done) override;
  void get_content(std::string id, content_selector which,
                   reply<model::image_content> done) override;
  void submit_command(command_request request, reply<command_reply> done) override;
  void get_version(std::string id, std::uint32_t number,
                   reply<model::version_record> done) override;
  void delete_image(std::string id, reply<model::success> done) override;
  const std::vector<profile>& profiles() const override;
  void cluster_status(reply<model::cluster_overview> done) override;
  void drain_node(std::string node, bool draining, reply<model::success> done) override;
  void readiness(reply<model::success> done) override;
  void metrics(reply<std::string> done) override;

private:
  /// Sends (xs...) to `receiver`, a typed actor whose interface answers
  /// them with `Answer`, from a short-lived actor and calls `done` with the
  /// answer (converted by `convert`) or the problem.
  template<class Answer, class Handle, class Result, class Convert, class... Ts>
  void ask(const Handle& receiver, std::chrono::milliseconds timeout, reply<Result> done,
           Convert convert, Ts&&... xs);

  /// A problem when accepting more work would overload the service.
  std::optional<model::problem> refuse_more_jobs() const;

  /// Why `request` (its bytes aside) cannot be stored, if it cannot.
  std::optional<model::problem> refuse_upload(const upload_request& request) const;

  caf::actor_system& system_;
  registry_actor registry_;
  dispatcher_actor dispatcher_;
  bridge_settings settings_;
  std::shared_ptr<std::atomic<std::size_t>> pending_uploads_;
};

} // namespace actors
