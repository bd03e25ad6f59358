#pragma once

// The JSON form of records as the API presents them. Image, version and node
// records are shown as their field lists say (actors/model/record_view.hpp);
// the names are part of the public API.

#include <cstdint>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "actors/imaging/operation_catalog.hpp"
#include "actors/model/image_event.hpp"
#include "actors/model/records.hpp"
#include "actors/service/image_service.hpp"

namespace http_api {

/// Optional values as the API shows them: null when absent, never "" or 0.
nlohmann::json text_or_null(const std::string& text);
/// An RFC 3339 time, or null for 0.
nlohmann::json time_or_null(std::int64_t epoch_ms);

/// {id, format, width, height, bytes, sha256, created, profile, uploaded_by,
/// versions}; profile and uploaded_by (the API key's name) are null when
/// absent.
nlohmann::json image_json(const model::image_record& image);

/// {version, status, base, source (the version it was computed from, 0 for
/// the original; null until it starts), ops, created, submitted_by (the API
/// key's name or null)} plus, when done, {format, width, height, bytes,
/// sha256, took_ms, node}, when failed, {error:{code,message}}.
nlohmann::json version_json(const model::version_record& version);

/// {id, type, time, image (its id), labels (the image's), version (its
/// number, null for image events), data (the version's JSON for version
/// events, else the image's without versions)}: what webhooks and the event
/// stream deliver.
nlohmann::json event_json(const model::image_event& event);

/// {images:[...], next: cursor or null}.
nlohmann::json page_json(const model::image_page& page);

/// {operations:[{name, summary, syntax, params:[{name, type, min, max |
/// choices, optional, default?, description}]}]}; sizes add min_percent and
/// max_percent, colors choices (the names) and hex (the forms), texts
/// min_bytes, max_bytes and placeholders. `default` is the JSON value an
/// optional parameter takes when left out; optional parameters without it
/// are simply not given.
nlohmann::json catalog_json(const std::vector<imaging::operation_spec>& catalog);

/// {profiles:[{name, ops:[...], text}]}.
nlohmann::json profiles_json(const std::vector<actors::profile>& profiles);

/// {id, address, role, hostname, version, state, workers, in_flight,
/// completed, failed, last_seen, last_minute:{jobs, per_second, p50_ms,
/// p95_ms, p99_ms}}.
nlohmann::json node_json(const model::node_status& node);
/// {nodes:[node_json...], queue_depth, last_minute, window_seconds}.
nlohmann::json cluster_json(const model::cluster_overview& cluster);

} // namespace http_api
