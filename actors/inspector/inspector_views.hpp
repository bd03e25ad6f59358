#pragma once

// The JSON documents the inspector answers with. Each is an object; its
// arrays of objects are tables (keys in column order), its other members
// are shown as "name: value" lines. Ages are in seconds before `now_ms`.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/protocol.hpp"
#include "actors/telemetry/minute_window.hpp"

namespace actors::views {

using document = nlohmann::ordered_json;

document nodes(const std::vector<model::node_status>& nodes);
document workers(const std::vector<worker_status>& workers);
document jobs(const std::vector<job_status>& jobs, std::int64_t now_ms);

/// One row of the actors table.
struct actor_kind {
  std::string kind;
  std::uint64_t count = 0;
  std::uint64_t mailbox = 0;     // messages waiting, all actors of the kind
  std::uint64_t max_mailbox = 0; // the fullest one
};
document actors(const std::vector<actor_kind>& kinds, std::uint64_t passivated);

document images(const model::image_page& page);
/// `running` are the dispatcher's jobs, to tell where running versions are.
document image(const model::image_record& image, const std::vector<job_status>& running);

document stats(const telemetry::window_summary& requests, const telemetry::window_summary& jobs);
document config(const std::vector<std::pair<std::string, std::string>>& options);

/// The operation catalog: name, syntax and summary of each operation.
document operations();

} // namespace actors::views
