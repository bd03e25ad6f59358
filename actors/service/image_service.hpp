#pragma once

// What the service offers, independent of any transport: the HTTP adapter
// (http/) turns requests into these calls and their outcomes into responses.
// The implementation forwards each call as a message to the actors.
//
// Every method returns at once and calls its `reply` exactly once, later, on
// an arbitrary thread, with the value or a model::problem.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "actors/model/cluster.hpp"
#include "actors/model/problem.hpp"
#include "actors/model/records.hpp"

namespace actors {

template<class T>
using reply = std::function<void(model::outcome<T>)>;

/// Who made a request: the API key's name and scope ("device"/"admin"), both
/// empty when API keys are off.
struct caller {
  std::string key_name;
};

struct upload_request {
  std::string bytes;           // the raw image file
  std::string profile;         // empty: no profile
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

struct profile {
  std::string name;
  std::vector<model::op_call> ops;
};

class image_service {
public:
  virtual ~image_service() = default;

  /// Stores an upload: 201 material. Errors: unsupported_media_type,
  /// corrupt_image, image_too_large, unknown_profile, overloaded,
  /// unavailable.
  virtual void upload(upload_request request, reply<model::image_record> done) = 0;

  /// Newest first; `before` is a cursor (an id) or empty.
  virtual void list_images(std::size_t limit, std::string before,
                           reply<model::image_page> done) = 0;

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
  /// worker nodes that joined, including recently lost ones.
  virtual void cluster_status(reply<std::vector<model::node_status>> done) = 0;

  /// Success when the node can do its work: storage open and at least one
  /// worker up; else unavailable, saying what is missing.
  virtual void readiness(reply<model::success> done) = 0;

  /// The node's metrics in the Prometheus text format.
  virtual void metrics(reply<std::string> done) = 0;
};

} // namespace actors
