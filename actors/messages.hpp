#pragma once

// The plain messages of the protocol (actors/protocol.hpp): what crosses
// actors and nodes, and what the HTTP layer sends the service and gets
// back. No CAF here, so that the HTTP layer can use them without it; the
// messages that carry actor handles, the interfaces and the wire format
// are in protocol.hpp.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "actors/imaging/pipeline.hpp"
#include "actors/model/blob_ref.hpp"
#include "actors/model/byte_sink.hpp"
#include "actors/model/cluster.hpp"
#include "actors/model/records.hpp"
#include "actors/model/shared_bytes.hpp"

namespace actors {

class received_original;

/// Who made a request: the API key's name and scope ("device"/"admin"), both
/// empty when API keys are off.
struct caller {
  std::string key_name;
};

struct upload_request {
  std::shared_ptr<model::byte_sink> streamed; // the file, as open_upload() took it
  std::string profile;                        // empty: no profile
  model::label_set labels;
  std::string idempotency_key; // empty: none
  caller who;
};

struct command_request {
  std::string image_id;
  model::command command;
  std::uint32_t wait_seconds = 0; // 0: answer once recorded
  std::string idempotency_key;
  caller who;
};

/// A version as answered to a command: `settled` is true when it is done or
/// failed (with a wait, the answer is 200 then, else 202).
struct command_reply {
  model::version_record version;
  bool settled = false;
};

/// Which bytes of an image to read.
struct content_selector {
  enum class kind { original, latest, version } what = kind::original;
  std::uint32_t version = 0; // for kind::version
};

/// Everything a worker needs to produce one version: the source bytes and
/// the operations. Self-contained, so that any worker on any node can run
/// it; a worker that shares the head's byte store (on the same disk) gets
/// the name of the bytes instead of the bytes, and leaves its result there.
struct job {
  std::string image_id;
  std::uint32_t version = 0;
  model::shared_bytes input; // encoded source image, shared by the job's attempts
  std::string input_format;  // canonical format name of the input
  std::vector<model::op_call> ops;
  model::blob_ref input_blob;   // the input in the byte store; sha256 empty: in `input`
  bool result_to_store = false; // write the result into the byte store
  // What annotate's placeholders read: the image's upload time and labels.
  std::int64_t image_created_ms = 0;
  model::label_set labels;
  // The originals of the other images the operations draw (watermark).
  std::vector<imaging::operations::overlay_source> overlays;
};

/// A finished job: the encoded bytes and the version's output.
struct job_result {
  std::string bytes;            // empty when the result is `stored`
  std::string stored;           // the byte store's temporary holding the result
  model::version_output output; // output.bytes is the size of the result
  std::vector<imaging::step_time> timings;
};

/// How many image actors live, and how many have stopped when idle.
struct registry_stats {
  std::uint64_t live = 0;
  std::uint64_t passivated = 0;
};

/// A validated upload on its way to storage. The registry assigns the id.
struct new_upload {
  std::string bytes;           // the original, unless `received`
  std::string idempotency_key; // empty: none
  model::image_record record;  // everything but `id`; versions to queue
  // The original in a file of this node's byte store. Uploads never leave
  // their node, so this pointer never has to travel.
  std::shared_ptr<received_original> received;
};

/// One worker as the dispatcher sees it, for the inspection shell.
struct worker_status {
  std::string name; // "<node>#<actor id>"
  std::string node;
  std::string state; // "idle", "busy", or its node's state when not up
  std::uint32_t in_flight = 0;
  std::uint64_t completed = 0;
  std::uint64_t failed = 0;
};

/// A job the dispatcher holds: waiting for a worker, or on one.
struct job_status {
  std::string image_id;
  std::uint32_t version = 0;
  std::string state;          // "queued" or "running"
  std::string worker;         // worker_status::name; empty while queued
  std::string node;           // empty while queued
  std::int64_t since_ms = 0;  // submitted (queued) or started (running)
  std::uint32_t attempts = 0; // attempts lost so far
};

/// Everything the dispatcher knows, at one instant.
struct dispatch_snapshot {
  std::vector<model::node_status> nodes;
  std::vector<worker_status> workers;
  std::vector<job_status> jobs; // queued in queue order, then running
  std::uint64_t mailbox = 0;    // messages waiting for the dispatcher
};

} // namespace actors
