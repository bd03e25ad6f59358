#include "tests/unit/http/fake_image_service.hpp"

#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>

#include "actors/imaging/image_probe.hpp"
#include "actors/imaging/operation_parser.hpp"
#include "actors/model/clock.hpp"
#include "actors/model/digest.hpp"
#include "tests/support/image_query_pages.hpp"

namespace http_test {

namespace {

model::problem missing(const std::string& what) {
  return model::make_problem(model::error_code::not_found, what + " does not exist");
}

std::string quoted(const std::string& sha256) {
  return "\"" + sha256 + "\"";
}

// Settled versions start at once: from their base, or for "latest" from
// the newest done version (0, the original, when there is none).
std::uint32_t source_of(const model::image_record& image, std::int32_t base) {
  if (base != model::base_latest)
    return static_cast<std::uint32_t>(base);
  std::uint32_t source = 0;
  for (const auto& version : image.versions)
    if (version.status == model::version_status::done)
      source = version.number;
  return source;
}

} // namespace

fake_image_service::fake_image_service() {
  auto thumbnail = imaging::parse_operations_text("resize 320 240\ngrayscale");
  if (!thumbnail)
    throw std::logic_error("fake profile does not parse: " + thumbnail.error().message);
  profiles_.push_back({"thumbnail", std::move(*thumbnail)});
}

fake_image_service::~fake_image_service() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  outgoing_changed_.notify_all();
  if (replier_.joinable())
    replier_.join();
}

void fake_image_service::reply_from_own_thread() {
  std::lock_guard lock(mutex_);
  if (own_thread_)
    return;
  own_thread_ = true;
  replier_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    for (;;) {
      outgoing_changed_.wait(lock, [this] { return stopping_ || !outgoing_.empty(); });
      if (stopping_)
        return;
      auto replies = std::exchange(outgoing_, {});
      lock.unlock();
      for (auto& reply : replies)
        reply();
      lock.lock();
    }
  });
}

void fake_image_service::answer(std::unique_lock<std::mutex>& lock, std::function<void()> reply) {
  if (holding_) {
    held_.push_back(std::move(reply));
    held_changed_.notify_all();
    return;
  }
  if (own_thread_) {
    outgoing_.push_back(std::move(reply));
    outgoing_changed_.notify_all();
    return;
  }
  lock.unlock();
  reply();
}

template<class T>
std::optional<std::unique_lock<std::mutex>>
fake_image_service::begin_call(const actors::reply<T>& done) {
  std::unique_lock lock(mutex_);
  if (throw_next_) {
    throw_next_ = false;
    throw std::runtime_error("injected failure");
  }
  if (!fail_next_)
    return lock;
  auto failure = std::move(*fail_next_);
  fail_next_.reset();
  answer(lock, [done, failure] { done(failure); });
  return std::nullopt;
}

namespace {

// What the real service's stream does but in memory: the upload's bytes as
// they came.
class collected_upload final : public model::byte_sink {
public:
  model::status append(std::string_view bytes) override {
    bytes_.append(bytes);
    return model::ok_status();
  }
  std::string take() {
    return std::move(bytes_);
  }

private:
  std::string bytes_;
};

} // namespace

model::outcome<std::shared_ptr<model::byte_sink>>
fake_image_service::open_upload(const actors::upload_request&) {
  std::lock_guard lock(mutex_);
  ++opened_uploads_;
  return std::shared_ptr<model::byte_sink>(std::make_shared<collected_upload>());
}

std::size_t fake_image_service::opened_uploads() const {
  std::lock_guard lock(mutex_);
  return opened_uploads_;
}

void fake_image_service::upload(actors::upload_request request,
                                actors::reply<model::image_record> done) {
  auto lock = begin_call(done);
  if (!lock)
    return;
  auto collected = std::dynamic_pointer_cast<collected_upload>(request.streamed);
  if (!collected)
    return answer(*lock, [done] {
      done(model::make_problem(model::error_code::internal_error, "not opened by open_upload()"));
    });
  auto bytes = collected->take();
  last_upload_ = request;
  last_upload_bytes_ = bytes;
  auto header = imaging::probe_image(bytes, imaging::image_limits{});
  if (!header)
    return answer(*lock, [done, failure = header.error()] { done(failure); });
  if (!request.profile.empty() && request.profile != profiles_.front().name)
    return answer(*lock, [done] {
      done(model::make_problem(model::error_code::unknown_profile, "no such profile"));
    });
  model::image_record record;
  record.created_ms = model::now_ms();
  record.id = ids_.next(record.created_ms);
  record.format = imaging::format_name(header->format);
  record.width = header->width;
  record.height = header->height;
  record.bytes = bytes.size();
  record.sha256 = model::sha256_hex(bytes);
  record.profile = request.profile;
  record.uploaded_by = request.who.key_name;
  record.labels = request.labels;
  images_[record.id] = {record, std::move(bytes)};
  answer(*lock, [done, record] { done(record); });
}

void fake_image_service::list_images(model::image_query query,
                                     actors::reply<model::image_page> done) {
  auto lock = begin_call(done);
  if (!lock)
    return;
  last_query_ = query;
  auto page = test_support::query_page(
      images_, query, [](const auto& image) -> const auto& { return image.record; });
  answer(*lock, [done, page] { done(page); });
}

void fake_image_service::get_image(std::string id, actors::reply<model::image_record> done) {
  auto lock = begin_call(done);
  if (!lock)
    return;
  auto it = images_.find(id);
  if (it == images_.end())
    return answer(*lock, [done, id] { done(missing("image " + id)); });
  answer(*lock, [done, record = it->second.record] { done(record); });
}

void fake_image_service::get_content(std::string id, actors::content_selector which,
                                     actors::reply<model::image_content> done) {
  auto lock = begin_call(done);
  if (!lock)
    return;
  auto it = images_.find(id);
  if (it == images_.end())
    return answer(*lock, [done, id] { done(missing("image " + id)); });
  const auto& image = it->second;
  model::image_content original{
      image.bytes, image.record.format, quoted(image.record.sha256), {}, 0};
  const model::version_record* version = nullptr;
  if (which.what == actors::content_selector::kind::latest) {
    for (const auto& candidate : image.record.versions)
      if (candidate.status == model::version_status::done)
        version = &candidate;
    if (!version)
      return answer(*lock, [done, original] { done(original); });
  } else if (which.what == actors::content_selector::kind::version) {
    if (which.version == 0 || which.version > image.record.versions.size())
      return answer(*lock, [done] { done(missing("version")); });
    version = &image.record.versions[which.version - 1];
    if (version->status == model::version_status::failed)
      return answer(*lock, [done] {
        done(model::make_problem(model::error_code::version_failed, "the version failed"));
      });
    if (version->status != model::version_status::done)
      return answer(*lock, [done] {
        done(model::make_problem(model::error_code::version_not_ready, "not done yet"));
      });
  }
  if (!version)
    return answer(*lock, [done, original] { done(original); });
  // "Processing" copies the source, so a version's bytes are the original's.
  model::image_content content{
      image.bytes, version->output.format, quoted(version->output.sha256), {}, 0};
  answer(*lock, [done, content] { done(content); });
}

namespace {

// What a worker stores for a command with `stats`: a fixed focus score and
// the operations before it.
std::string fake_measurements(const std::vector<model::op_call>& ops) {
  nlohmann::json after = nlohmann::json::array();
  for (const auto& op : ops) {
    if (op.name == "stats")
      return nlohmann::json{{"focus", 1.5}, {"after", after}}.dump();
    after.push_back(op.name);
  }
  return {};
}

} // namespace

void fake_image_service::submit_command(actors::command_request request,
                                        actors::reply<actors::command_reply> done) {
  auto lock = begin_call(done);
  if (!lock)
    return;
  last_command_ = request;
  auto it = images_.find(request.image_id);
  if (it == images_.end())
    return answer(*lock, [done, id = request.image_id] { done(missing("image " + id)); });
  auto& image = it->second;
  if (request.command.base > static_cast<std::int32_t>(image.record.versions.size()))
    return answer(*lock, [done] {
      done(model::make_problem(model::error_code::invalid_request, "no such base version"));
    });
  model::version_record version;
  version.number = static_cast<std::uint32_t>(image.record.versions.size() + 1);
  version.command = request.command;
  version.created_ms = model::now_ms();
  version.submitted_by = request.who.key_name;
  bool settled = request.wait_seconds > 0;
  if (settled) {
    version.started_ms = version.created_ms;
    version.source = source_of(image.record, request.command.base);
  }
  if (settled && fail_versions_) {
    version.status = model::version_status::failed;
    version.error = {model::to_string(model::error_code::operation_failed),
                     "the image library failed"};
  } else if (settled) {
    version.status = model::version_status::done;
    version.output = {image.record.format, image.record.width,
                      image.record.height, image.bytes.size(),
                      image.record.sha256, 1,
                      "fake-node",         fake_measurements(request.command.ops)};
  }
  image.record.versions.push_back(version);
  answer(*lock, [done, version, settled] { done(actors::command_reply{version, settled}); });
}

void fake_image_service::get_version(std::string id, std::uint32_t number,
                                     actors::reply<model::version_record> done) {
  auto lock = begin_call(done);
  if (!lock)
    return;
  auto it = images_.find(id);
  if (it == images_.end() || number == 0 || number > it->second.record.versions.size())
    return answer(*lock, [done] { done(missing("version")); });
  answer(*lock, [done, version = it->second.record.versions[number - 1]] { done(version); });
}

void fake_image_service::delete_image(std::string id, actors::reply<model::success> done) {
  auto lock = begin_call(done);
  if (!lock)
    return;
  if (images_.erase(id) == 0)
    return answer(*lock, [done, id] { done(missing("image " + id)); });
  answer(*lock, [done] { done(model::success{}); });
}

const std::vector<actors::profile>& fake_image_service::profiles() const {
  return profiles_;
}

void fake_image_service::cluster_status(actors::reply<model::cluster_overview> done) {
  auto lock = begin_call(done);
  if (!lock)
    return;
  model::node_status head;
  head.id = "fake-node";
  head.address = "local";
  head.role = "head";
  head.workers = 2;
  head.last_seen_ms = 1'700'000'000'000;
  head.state = fake_node_draining_ ? model::node_state::draining : model::node_state::up;
  head.last_minute = {30, 0.5, 12.5, 40, 80};
  model::cluster_overview overview;
  overview.nodes = {head};
  overview.queue_depth = 3;
  overview.last_minute = head.last_minute;
  answer(*lock, [done, overview] { done(overview); });
}

void fake_image_service::drain_node(std::string node, bool draining,
                                    actors::reply<model::success> done) {
  auto lock = begin_call(done);
  if (!lock)
    return;
  if (node != "fake-node")
    return answer(*lock, [done, node] { done(missing("node " + node)); });
  fake_node_draining_ = draining;
  answer(*lock, [done] { done(model::success{}); });
}

void fake_image_service::readiness(actors::reply<model::success> done) {
  auto lock = begin_call(done);
  if (!lock)
    return;
  answer(*lock, [done] { done(model::success{}); });
}

void fake_image_service::metrics(actors::reply<std::string> done) {
  auto lock = begin_call(done);
  if (!lock)
    return;
  answer(*lock, [done] {
    done(std::string("# TYPE caf_node_fake_total counter\ncaf_node_fake_total 1\n"));
  });
}

void fake_image_service::throw_on_next_call() {

  std::lock_guard lock(mutex_);
  throw_next_ = true;
}

void fake_image_service::fail_next_call(model::problem failure) {
  std::lock_guard lock(mutex_);
  fail_next_ = std::move(failure);
}

void fake_image_service::fail_versions() {
  std::lock_guard lock(mutex_);
  fail_versions_ = true;
}

void fake_image_service::hold_replies() {
  std::lock_guard lock(mutex_);
  holding_ = true;
}

std::size_t fake_image_service::held_replies() const {
  std::lock_guard lock(mutex_);
  return held_.size();
}

bool fake_image_service::wait_for_held_replies(std::size_t count,
                                               std::chrono::seconds timeout) const {
  std::unique_lock lock(mutex_);
  return held_changed_.wait_for(lock, timeout, [&] { return held_.size() >= count; });
}

void fake_image_service::release_replies() {
  std::vector<std::function<void()>> replies;
  {
    std::lock_guard lock(mutex_);
    holding_ = false;
    replies.swap(held_);
  }
  for (auto& reply : replies)
    reply();
}

std::string fake_image_service::last_upload_bytes() const {
  std::lock_guard lock(mutex_);
  return last_upload_bytes_;
}

std::optional<actors::upload_request> fake_image_service::last_upload() const {
  std::lock_guard lock(mutex_);
  return last_upload_;
}

std::optional<actors::command_request> fake_image_service::last_command() const {
  std::lock_guard lock(mutex_);
  return last_command_;
}

std::optional<model::image_query> fake_image_service::last_query() const {
  std::lock_guard lock(mutex_);
  return last_query_;
}

} // namespace http_test
