#include "actors/inspector/inspector_views.hpp"

#include <cmath>

#include "actors/imaging/operation_catalog.hpp"
#include "actors/imaging/operation_parser.hpp"
#include "actors/model/clock.hpp"
#include "actors/model/record_view.hpp"

namespace actors::views {

namespace {

double seconds_since(std::int64_t since_ms, std::int64_t now_ms) {
  return std::round(static_cast<double>(now_ms - since_ms) / 100.0) / 10.0;
}

std::string size_of(std::uint32_t width, std::uint32_t height) {
  return std::to_string(width) + "x" + std::to_string(height);
}

document ops_text(const std::vector<model::op_call>& ops) {
  std::string text;
  for (const auto& call : ops)
    text += (text.empty() ? "" : "; ") + imaging::operation_to_text(call);
  return text;
}

// Records as their field lists say, with operations as one line of text.
using operators_view =
    model::record_view<document, document (*)(const std::vector<model::op_call>&)>;

const operators_view& records() {
  static const operators_view view(ops_text);
  return view;
}

std::size_t pending_versions(const model::image_record& image) {
  std::size_t pending = 0;
  for (const auto& version : image.versions)
    if (version.status == model::version_status::queued ||
        version.status == model::version_status::running)
      ++pending;
  return pending;
}

document window(const char* what, const telemetry::window_summary& summary) {
  return {{"what", what},
          {"count", summary.events},
          {"per_second", std::round(summary.per_second * 100) / 100},
          {"p50_ms", std::round(summary.p50_ms * 10) / 10},
          {"p99_ms", std::round(summary.p99_ms * 10) / 10}};
}

} // namespace

document nodes(const std::vector<model::node_status>& nodes) {
  auto rows = document::array();
  for (const auto& node : nodes)
    rows.push_back(records()(node));
  return {{"nodes", std::move(rows)}};
}

document workers(const std::vector<worker_status>& workers) {
  auto rows = document::array();
  for (const auto& worker : workers)
    rows.push_back({{"worker", worker.name},
                    {"node", worker.node},
                    {"state", worker.state},
                    {"in_flight", worker.in_flight},
                    {"completed", worker.completed},
                    {"failed", worker.failed}});
  return {{"workers", std::move(rows)}};
}

document jobs(const std::vector<job_status>& jobs, std::int64_t now_ms) {
  auto rows = document::array();
  std::size_t queued = 0;
  for (const auto& job : jobs) {
    queued += job.state == "queued" ? 1 : 0;
    rows.push_back({{"image", job.image_id},
                    {"version", job.version},
                    {"state", job.state},
                    {"worker", job.worker},
                    {"node", job.node},
                    {"age_s", seconds_since(job.since_ms, now_ms)},
                    {"lost_attempts", job.attempts}});
  }
  return {{"queued", queued}, {"running", jobs.size() - queued}, {"jobs", std::move(rows)}};
}

document actors(const std::vector<actor_kind>& kinds, std::uint64_t passivated) {
  auto rows = document::array();
  for (const auto& kind : kinds)
    rows.push_back({{"kind", kind.kind},
                    {"count", kind.count},
                    {"mailbox", kind.mailbox},
                    {"max_mailbox", kind.max_mailbox}});
  return {{"passivated_images", passivated}, {"actors", std::move(rows)}};
}

document images(const model::image_page& page) {
  auto rows = document::array();
  for (const auto& image : page.images)
    rows.push_back({{"id", image.id},
                    {"created", model::format_rfc3339(image.created_ms)},
                    {"format", image.format},
                    {"size", size_of(image.width, image.height)},
                    {"versions", image.versions.size()},
                    {"pending", pending_versions(image)}});
  return {{"images", std::move(rows)}};
}

document image(const model::image_record& image, const std::vector<job_status>& running) {
  auto rows = document::array();
  for (const auto& version : image.versions) {
    auto row = records()(version);
    // A running version is on the node its job runs on.
    for (const auto& job : running)
      if (job.image_id == image.id && job.version == version.number && !job.node.empty())
        row["node"] = job.node;
    rows.push_back(std::move(row));
  }
  return {{"id", image.id},
          {"format", image.format},
          {"size", size_of(image.width, image.height)},
          {"created", model::format_rfc3339(image.created_ms)},
          {"pending", pending_versions(image)},
          {"versions", std::move(rows)}};
}

document stats(const telemetry::window_summary& requests, const telemetry::window_summary& jobs) {
  return {{"window_s", 60}, {"stats", {window("requests", requests), window("jobs", jobs)}}};
}

document config(const std::vector<std::pair<std::string, std::string>>& options) {
  auto rows = document::array();
  for (const auto& [option, value] : options)
    rows.push_back({{"option", option}, {"value", value}});
  return {{"config", std::move(rows)}};
}

document operations() {
  auto rows = document::array();
  for (const auto& operation : imaging::operation_catalog())
    rows.push_back({{"name", operation.name},
                    {"syntax", imaging::syntax_of(operation)},
                    {"summary", operation.summary}});
  return {{"operations", std::move(rows)}};
}

} // namespace actors::views
