#pragma once

// The wire contract between actors and between nodes: every atom, message
// type and actor interface. The plain messages are in messages.hpp (the HTTP
// layer uses them without CAF); those that carry actor handles are here.
// Every node announces the same types (see announce_protocol()), because
// CAF 0.17 matches remote messages by type name.
//
//   HTTP adapter ──> image_service (service_bridge)
//                        │ request
//                        v
//                  image_registry ──spawns/monitors──> image_actor (one per image)
//                                                        │ request(submit, job)
//                                                        v
//                                                    dispatcher ──request(run, job)──> worker
//                                                                 (local or remote, timeout each)

#include <cstdint>
#include <string>
#include <vector>

#include <caf/actor_system_config.hpp>
#include <caf/atom.hpp>
#include <caf/meta/load_callback.hpp>
#include <caf/meta/type_name.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/imaging/pipeline.hpp"
#include "actors/messages.hpp"
#include "actors/model/cluster.hpp"
#include "actors/model/image_query.hpp"
#include "actors/model/record_fields.hpp"
#include "actors/model/records.hpp"
#include "actors/model/shared_bytes.hpp"
#include "actors/service/image_service.hpp"

namespace actors {

// -- atoms (at most 10 characters) ------------------------------------------

using upload_atom = caf::atom_constant<caf::atom("upload")>;
using list_atom = caf::atom_constant<caf::atom("list")>;
using command_atom = caf::atom_constant<caf::atom("command")>;
using version_atom = caf::atom_constant<caf::atom("version")>;
using content_atom = caf::atom_constant<caf::atom("content")>;
using create_atom = caf::atom_constant<caf::atom("create")>;
using resume_atom = caf::atom_constant<caf::atom("resume")>;
using submit_atom = caf::atom_constant<caf::atom("submit")>;
using run_atom = caf::atom_constant<caf::atom("run")>;
using enlist_atom = caf::atom_constant<caf::atom("enlist")>;
using wait_over_atom = caf::atom_constant<caf::atom("wait_over")>;
using passivate_atom = caf::atom_constant<caf::atom("passivate")>;
using stop_atom = caf::atom_constant<caf::atom("stop")>;
using hello_atom = caf::atom_constant<caf::atom("hello")>;
using join_atom = caf::atom_constant<caf::atom("join")>;
using leave_atom = caf::atom_constant<caf::atom("leave")>;
using status_atom = caf::atom_constant<caf::atom("status")>;
using quiesce_atom = caf::atom_constant<caf::atom("quiesce")>;
using load_atom = caf::atom_constant<caf::atom("load")>;
using inspect_atom = caf::atom_constant<caf::atom("inspect")>;
using drain_atom = caf::atom_constant<caf::atom("drain")>;
using shell_atom = caf::atom_constant<caf::atom("shell")>;

// -- messages ---------------------------------------------------------------

/// Hands out the job of a ticket, with its bytes (image actors do).
using job_source_actor = caf::typed_actor<caf::replies_to<load_atom, std::uint32_t>::with<job>>;

/// A job waiting for a worker: only its name. The dispatcher loads the job
/// (with its bytes) from `owner` once a worker is free, so that waiting jobs
/// cost no memory for their images.
struct job_ticket {
  std::string image_id;
  std::uint32_t version = 0;
  job_source_actor owner;
};

/// Runs one job at a time with GraphicsMagick.
using worker_actor = caf::typed_actor<caf::replies_to<run_atom, job>::with<job_result>>;

/// A node offering workers to the dispatcher.
struct worker_offer {
  model::node_status node; // id, address, role, hostname, version
  std::vector<worker_actor> workers;
  /// The identity of the head's byte store when the node shares it (same
  /// disk): its jobs then travel by file name. Empty: by bytes.
  std::string store_id;
};

/// A worker node asking the head to take its workers. `proof` answers the
/// gate's challenge (see cluster_secret.hpp).
struct join_request {
  std::string node_id;
  std::string address; // the worker's own address towards the head
  std::string hostname;
  std::string version;
  std::string proof;
  std::vector<worker_actor> workers;
  std::string store_id; // as in worker_offer
};

// -- actor interfaces -------------------------------------------------------

/// Spreads jobs over all known workers, retrying elsewhere when a worker is
/// lost or times out. Knows every node and its load.
using dispatcher_actor =
    caf::typed_actor<caf::replies_to<submit_atom, job_ticket>::with<job_result>,
                     caf::reacts_to<enlist_atom, worker_offer>,
                     // Stops routing to the node, answers once its jobs are done, forgets it.
                     caf::replies_to<leave_atom, std::string>::with<caf::ok_atom>,
                     // Stops starting jobs; answers once no job is on a worker.
                     caf::replies_to<quiesce_atom>::with<caf::ok_atom>,
                     caf::replies_to<status_atom>::with<std::vector<model::node_status>>,
                     caf::replies_to<inspect_atom>::with<dispatch_snapshot>,
                     // true: stops sending jobs to the node (running ones finish), false:
                     // resumes. not_found for nodes that are not up or draining.
                     caf::replies_to<drain_atom, std::string, bool>::with<caf::ok_atom>,
                     // A worker node is alive; not_found when the dispatcher no longer counts
                     // it as a member (it was lost and must join again).
                     caf::replies_to<caf::ping_atom, std::string>::with<caf::ok_atom>,
                     // Checks that worker nodes were heard from recently.
                     caf::reacts_to<caf::tick_atom>>;

/// Keeps a worker node in its head's cluster: connects, joins, pings, and
/// on stop_atom leaves (see worker_agent.hpp).
using agent_actor = caf::typed_actor<caf::reacts_to<caf::connect_atom>,
                                     caf::reacts_to<caf::tick_atom>, caf::reacts_to<stop_atom>>;

/// Answers the commands of the inspection shell (caf-shell): the command's
/// words in, a JSON document out (an object whose arrays of objects are
/// tables). Unknown commands and unknown images are errors.
using inspector_actor =
    caf::typed_actor<caf::replies_to<inspect_atom, std::vector<std::string>>::with<std::string>>;

/// The head's door for worker nodes and shells, published on the cluster port.
using gate_actor = caf::typed_actor<
    // A one-time challenge for the join (or shell) request that follows.
    caf::replies_to<hello_atom, std::string>::with<std::string>,
    caf::replies_to<join_atom, join_request>::with<caf::ok_atom>,
    // A shell proving the secret like a worker node (its request carries no
    // workers) gets the inspector.
    caf::replies_to<shell_atom, join_request>::with<inspector_actor>,
    caf::replies_to<leave_atom, std::string>::with<caf::ok_atom>,
    caf::replies_to<caf::ping_atom, std::string>::with<caf::ok_atom>>;

/// Owns one image: its metadata, versions and pending commands.
using image_actor = caf::typed_actor<
    // The upload it was spawned for: stores the image with its original.
    caf::replies_to<create_atom, new_upload>::with<model::image_record>,

    // The job of the running version, with its source bytes.
    caf::replies_to<load_atom, std::uint32_t>::with<job>,
    caf::replies_to<caf::get_atom>::with<model::image_record>,
    caf::replies_to<command_atom, command_request>::with<command_reply>,
    caf::replies_to<version_atom, std::uint32_t>::with<model::version_record>,
    caf::replies_to<content_atom, content_selector>::with<model::image_content>,
    caf::replies_to<caf::delete_atom>::with<caf::ok_atom>,
    caf::reacts_to<wait_over_atom, std::uint64_t>,
    // Checks whether the actor has been idle long enough to passivate.
    caf::reacts_to<caf::tick_atom>,
    // Stops the actor if it is idle (or deleted); answers whether it stops.
    caf::replies_to<stop_atom>::with<bool>,
    // Messages waiting in its mailbox; not counted as activity.
    caf::replies_to<status_atom>::with<std::uint64_t>>;

/// The registry's live image actors and its own mailbox, for the shell.
struct registry_snapshot {
  registry_stats counts;
  std::uint64_t mailbox = 0;
  std::vector<image_actor> images;
};

/// Finds or recreates the image actor of an id; creates new images.
using registry_actor = caf::typed_actor<
    caf::replies_to<upload_atom, new_upload>::with<model::image_record>,
    caf::replies_to<list_atom, model::image_query>::with<model::image_page>,
    caf::replies_to<caf::get_atom, std::string>::with<model::image_record>,
    caf::replies_to<command_atom, command_request>::with<command_reply>,
    caf::replies_to<version_atom, std::string, std::uint32_t>::with<model::version_record>,
    caf::replies_to<content_atom, std::string, content_selector>::with<model::image_content>,
    caf::replies_to<caf::delete_atom, std::string>::with<caf::ok_atom>, caf::reacts_to<resume_atom>,
    // An idle image actor offers to stop; the registry stops it when no
    // message for it is on the way.
    caf::reacts_to<passivate_atom, std::string>,

    // Answers once every live image actor has handled what it was sent before.
    caf::replies_to<quiesce_atom>::with<caf::ok_atom>,
    caf::replies_to<status_atom>::with<registry_stats>,
    caf::replies_to<inspect_atom>::with<registry_snapshot>>;

/// Registers every message type and the error category with `cfg`. Every
/// node must call it before starting its actor system.
void announce_protocol(caf::actor_system_config& cfg);

// -- inspection (serialization) ---------------------------------------------

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, job& x) {
  return f(caf::meta::type_name("job"), x.image_id, x.version, x.input, x.input_format, x.ops,
           x.input_blob, x.result_to_store, x.image_created_ms, x.labels, x.overlays);
}

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, job_result& x) {
  return f(caf::meta::type_name("job_result"), x.bytes, x.stored, x.output, x.timings);
}

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, job_ticket& x) {
  return f(caf::meta::type_name("job_ticket"), x.image_id, x.version, x.owner);
}

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, registry_stats& x) {
  return f(caf::meta::type_name("registry_stats"), x.live, x.passivated);
}

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, registry_snapshot& x) {
  return f(caf::meta::type_name("registry_snapshot"), x.counts, x.mailbox, x.images);
}

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, worker_status& x) {
  return f(caf::meta::type_name("worker_status"), x.name, x.node, x.state, x.in_flight, x.completed,
           x.failed);
}

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, job_status& x) {
  return f(caf::meta::type_name("job_status"), x.image_id, x.version, x.state, x.worker, x.node,
           x.since_ms, x.attempts);
}

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, dispatch_snapshot& x) {
  return f(caf::meta::type_name("dispatch_snapshot"), x.nodes, x.workers, x.jobs, x.mailbox);
}

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, new_upload& x) {
  // `received` names a file of this node: it is not inspected, as an upload
  // never leaves its node.
  return f(caf::meta::type_name("new_upload"), x.bytes, x.idempotency_key, x.record);
}

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, worker_offer& x) {
  return f(caf::meta::type_name("worker_offer"), x.node, x.workers, x.store_id);
}

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, join_request& x) {
  return f(caf::meta::type_name("join_request"), x.node_id, x.address, x.hostname, x.version,
           x.proof, x.workers, x.store_id);
}

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, caller& x) {
  return f(caf::meta::type_name("caller"), x.key_name);
}

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, command_request& x) {
  return f(caf::meta::type_name("command_request"), x.image_id, x.command, x.wait_seconds,
           x.idempotency_key, x.who);
}

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, command_reply& x) {
  return f(caf::meta::type_name("command_reply"), x.version, x.settled);
}

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, content_selector& x) {
  return f(caf::meta::type_name("content_selector"), x.what, x.version);
}

} // namespace actors

namespace model {

inline const char* record_type_name(const command*) {
  return "command";
}
inline const char* record_type_name(const version_output*) {
  return "version_output";
}
inline const char* record_type_name(const version_error*) {
  return "version_error";
}
inline const char* record_type_name(const version_origin*) {
  return "version_origin";
}
inline const char* record_type_name(const version_record*) {
  return "version_record";
}
inline const char* record_type_name(const image_record*) {
  return "image_record";
}
inline const char* record_type_name(const job_window*) {
  return "job_window";
}
inline const char* record_type_name(const node_status*) {
  return "node_status";
}

/// The records of record_fields.hpp cross actors and nodes as their field
/// lists say, in order.
template<class Inspector, class Record, std::enable_if_t<has_fields_v<Record>, int> = 0>
typename Inspector::result_type inspect(Inspector& f, Record& x) {
  return std::apply(
      [&](auto... each) { return f(caf::meta::type_name(record_type_name(&x)), each.value...); },
      fields(x));
}

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, image_query& x) {
  return f(caf::meta::type_name("image_query"), x.labels, x.uploaded_by, x.profile, x.status,
           x.since, x.until, x.before, x.limit);
}

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, op_call& x) {
  return f(caf::meta::type_name("op_call"), x.name, x.args);
}

/// Shared bytes leave a node as a plain byte string, and arrive as a new
/// buffer of their own.
template<class Inspector>
std::enable_if_t<Inspector::reads_state, typename Inspector::result_type> inspect(Inspector& f,
                                                                                  shared_bytes& x) {
  return f(x.str());
}

template<class Inspector>
std::enable_if_t<Inspector::writes_state, typename Inspector::result_type>
inspect(Inspector& f, shared_bytes& x) {
  std::string bytes;
  return f(bytes, caf::meta::load_callback([&]() -> caf::error {
             x = shared_bytes(std::move(bytes));
             return caf::none;
           }));
}

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, image_content& x) {
  return f(caf::meta::type_name("image_content"), x.bytes, x.format, x.etag, x.file, x.file_size);
}

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, blob_ref& x) {
  return f(caf::meta::type_name("blob_ref"), x.sha256, x.size, x.xxh3);
}

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, image_page& x) {
  return f(caf::meta::type_name("image_page"), x.images, x.next);
}

} // namespace model

namespace imaging {

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, step_time& x) {
  return f(caf::meta::type_name("step_time"), x.step, x.micros);
}

namespace operations {

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, overlay_source& x) {
  return f(caf::meta::type_name("overlay_source"), x.image_id, x.bytes);
}

} // namespace operations

} // namespace imaging
