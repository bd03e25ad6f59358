#pragma once

// An in-memory image_service for the HTTP tests. Uploads are probed like the
// real service does (format, size), "processing" copies the source bytes,
// and commands with a wait settle at once. Replies come synchronously on
// the calling thread unless held (hold_replies()) or sent from the
// service's own thread (reply_from_own_thread()). Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "actors/model/image_id.hpp"
#include "actors/service/image_service.hpp"

namespace http_test {

class fake_image_service final : public actors::image_service {
public:
  fake_image_service();
  ~fake_image_service() override;

  /// Streams every upload into memory (see collected_upload).
  model::outcome<std::shared_ptr<model::byte_sink>>
  open_upload(const actors::upload_request& request) override;
  /// Stores the upload open_upload() took; last_upload_bytes() shows its
  /// bytes.
  void upload(actors::upload_request request, actors::reply<model::image_record> done) override;
  void list_images(model::image_query query, actors::reply<model::image_page> done) override;
  void get_image(std::string id, actors::reply<model::image_record> done) override;
  void get_content(std::string id, actors::content_selector which,
                   actors::reply<model::image_content> done) override;
  void submit_command(actors::command_request request,
                      actors::reply<actors::command_reply> done) override;
  void get_version(std::string id, std::uint32_t number,
                   actors::reply<model::version_record> done) override;
  void delete_image(std::string id, actors::reply<model::success> done) override;
  const std::vector<actors::profile>& profiles() const override;
  /// One head node "fake-node" with two workers.
  /// One node, "fake-node", with figures of a busy minute.
  void cluster_status(actors::reply<model::cluster_overview> done) override;
  /// Drains "fake-node"; other nodes are not found.
  void drain_node(std::string node, bool draining, actors::reply<model::success> done) override;
  /// Ready unless fail_next_call() says otherwise.
  void readiness(actors::reply<model::success> done) override;
  /// One fixed counter line.
  void metrics(actors::reply<std::string> done) override;

  /// The next service call throws std::runtime_error instead of replying.
  void throw_on_next_call();
  /// The next service call replies with `failure`.
  void fail_next_call(model::problem failure);
  /// Settled versions end failed (operation_failed) instead of done.
  void fail_versions();
  /// While held, replies are kept instead of sent; release_replies() sends
  /// them on the calling thread.
  void hold_replies();
  std::size_t held_replies() const;
  /// Waits until `count` replies are held; false after `timeout`.
  bool wait_for_held_replies(std::size_t count, std::chrono::seconds timeout) const;
  void release_replies();
  /// From now on replies are sent from a thread of the service's own, in
  /// order, as the real service's actors send them.
  void reply_from_own_thread();

  /// Uploads opened with open_upload(), for assertions.
  std::size_t opened_uploads() const;

  /// The last request of each kind, for assertions.
  std::optional<actors::upload_request> last_upload() const;
  std::string last_upload_bytes() const;
  std::optional<actors::command_request> last_command() const;
  std::optional<model::image_query> last_query() const;

private:
  struct stored_image {
    model::image_record record;
    std::string bytes;
  };

  // Runs `reply` now, or keeps it while replies are held.
  void answer(std::unique_lock<std::mutex>& lock, std::function<void()> reply);
  // Locks the state for a call; nullopt when an injected failure answered
  // the call instead.
  template<class T>
  std::optional<std::unique_lock<std::mutex>> begin_call(const actors::reply<T>& done);

  mutable std::mutex mutex_;
  mutable std::condition_variable held_changed_;
  std::map<std::string, stored_image> images_; // ids sort by creation time
  model::image_id_generator ids_;
  std::vector<actors::profile> profiles_;
  bool throw_next_ = false;
  std::optional<model::problem> fail_next_;
  bool fail_versions_ = false;
  bool holding_ = false;
  std::vector<std::function<void()>> held_;
  bool own_thread_ = false;
  bool stopping_ = false;
  std::vector<std::function<void()>> outgoing_;
  std::condition_variable outgoing_changed_;
  std::thread replier_;
  std::optional<actors::upload_request> last_upload_;
  std::size_t opened_uploads_ = 0;
  std::string last_upload_bytes_;
  std::optional<actors::command_request> last_command_;
  std::optional<model::image_query> last_query_;
  bool fake_node_draining_ = false;
};

} // namespace http_test
