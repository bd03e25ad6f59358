#pragma once

// What the service offers, independent of any transport: the HTTP adapter
// (http/) turns requests into these calls and their outcomes into responses.
// The implementation forwards each call as a message to the actors.
//
// Every method returns at once and calls its `reply` exactly once, later, on
// an arbitrary thread, with the value or a model::problem.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "actors/messages.hpp"
#include "actors/model/cluster.hpp"
#include "actors/model/image_query.hpp"
#include "actors/model/problem.hpp"
#include "actors/model/records.hpp"

namespace actors {

template<class T>
using reply = std::function<void(model::outcome<T>)>;

struct profile {
  std::string name;
  std::vector<model::op_call> ops;
};

class image_service {
public:
  virtual ~image_service() = default;

  /// Where the file of `request` (all else known: the request's head has
  /// arrived) goes as it arrives, to be passed as its `streamed` to
  /// upload(). Refuses what upload() would refuse before any byte
  /// (unknown_profile, overloaded), and unavailable when there is nowhere
  /// to write it.
  virtual model::outcome<std::shared_ptr<model::byte_sink>>
  open_upload(const upload_request& request) = 0;

  /// Stores an upload: 201 material. Errors: unsupported_media_type,
  /// corrupt_image, image_too_large, unknown_profile, overloaded,
  /// unavailable.
  virtual void upload(upload_request request, reply<model::image_record> done) = 0;

  /// The images that meet `query`, newest first (image_store::list_images).
  virtual void list_images(model::image_query query, reply<model::image_page> done) = 0;

  /// The image with all its versions, or not_found.
  virtual void get_image(std::string id, reply<model::image_record> done) = 0;

  /// Bytes of the original, the latest done version (the original if none)
  /// or a given version (version_not_ready / version_failed when not done).
  virtual void get_content(std::string id, content_selector which,
                           reply<model::image_content> done) = 0;

  /// Records a command; errors: not_found, invalid_request (bad base),
  /// overloaded.
  virtual void submit_command(command_request request, reply<command_reply> done) = 0;

  virtual void get_version(std::string id, std::uint32_t number,
                           reply<model::version_record> done) = 0;

  /// Deletes the image and all its versions, or not_found.
  virtual void delete_image(std::string id, reply<model::success> done) = 0;

  /// The configured profiles, by name.
  virtual const std::vector<profile>& profiles() const = 0;

  /// Every node the head knows: itself (with its local workers) and the
  /// worker nodes that joined, including recently lost ones; the queue and
  /// the jobs of the last minute.
  virtual void cluster_status(reply<model::cluster_overview> done) = 0;

  /// Stops (true) or resumes (false) sending jobs to a node; not_found for
  /// nodes that are not up or draining, conflict for a node leaving.
  virtual void drain_node(std::string node, bool draining, reply<model::success> done) = 0;

  /// Success when the node can do its work: storage open and at least one
  /// worker up; else unavailable, saying what is missing.
  virtual void readiness(reply<model::success> done) = 0;

  /// The node's metrics in the Prometheus text format.
  virtual void metrics(reply<std::string> done) = 0;
};

} // namespace actors
