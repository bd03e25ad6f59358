#include "http/webhooks/courier.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "actors/model/clock.hpp"
#include "actors/model/digest.hpp"
#include "http/views/json_views.hpp"

namespace webhooks {

namespace {

// Events read at a time.
constexpr std::size_t batch_size = 64;

// How long a courier waits for new events before looking again; a stop
// ends the wait at once only through this bound.
constexpr std::chrono::milliseconds idle_wait{250};

} // namespace

courier::courier(model::webhook hook, model::delivery_state state, storage::event_log& log,
                 const webhook_options& options, attempt_observer observe)
    : hook_(std::move(hook)), log_(log), options_(options), observe_(std::move(observe)),
      random_(std::random_device{}()), state_(std::move(state)) {
  thread_ = std::thread([this] { run(); });
}

courier::~courier() {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    stopping_ = true;
  }
  stopped_.notify_all();
  thread_.join();
}

model::delivery_state courier::state() const {
  std::lock_guard<std::mutex> guard(mutex_);
  return state_;
}

std::int64_t courier::oldest_waiting_ms() const {
  std::lock_guard<std::mutex> guard(mutex_);
  return waiting_since_ms_;
}

void courier::run() {
  while (!stopping_) {
    auto generation = log_.events_generation();
    if (deliver_pending() == progress::idle)
      log_.wait_for_events(generation, idle_wait);
  }
}

courier::progress courier::deliver_pending() {
  std::string cursor;
  std::int64_t retry_at = 0;
  {
    std::lock_guard<std::mutex> guard(mutex_);
    cursor = state_.cursor;
    if (state_.attempts > 0)
      retry_at = state_.next_attempt_ms;
  }
  if (retry_at > model::now_ms()) {
    sleep_until(retry_at);
    return progress::waited;
  }
  auto events = log_.events_after(cursor, batch_size);
  if (!events) {
    spdlog::error("webhook {}: cannot read events: {}", hook_.id, events.error().message);
    sleep_until(model::now_ms() + idle_wait.count());
    return progress::waited;
  }
  if (events->empty())
    return progress::idle;
  bool skipped = false;
  for (const auto& event : *events) {
    if (stopping_)
      return progress::waited;
    if (!hook_.filter.passes(event)) {
      std::lock_guard<std::mutex> guard(mutex_);
      state_.cursor = event.id;
      skipped = true;
      continue;
    }
    {
      std::lock_guard<std::mutex> guard(mutex_);
      if (waiting_since_ms_ == 0)
        waiting_since_ms_ = event.time_ms;
    }
    skipped = false; // attempt() records the cursor
    if (!attempt(event))
      return progress::waited;
  }
  if (skipped)
    save();
  return progress::delivered;
}

bool courier::attempt(const model::image_event& event) {
  auto body = http_api::event_json(event).dump();
  std::vector<std::string> headers = {
      "X-Caf-Event: " + std::string(model::to_string(event.type)), "X-Caf-Delivery: " + event.id,
      "X-Caf-Signature: sha256=" + model::hmac_sha256_hex(hook_.secret, body)};
  post_result result;
  if (auto host = allowed_host_of(hook_.url, options_.allowed_hosts); !host)
    result.error = host.error().message;
  else
    result = client_.post(hook_.url, body, headers, options_.attempt_timeout, stopping_);
  if (stopping_ && !result.delivered())
    return false; // cut short by the stop: not a failure of the receiver
  auto now = model::now_ms();
  model::delivery entry{event.id, now, result.status, 0, "", result.error};
  std::unique_lock<std::mutex> guard(mutex_);
  entry.attempts = ++state_.attempts;
  if (result.delivered()) {
    entry.outcome = "delivered";
    ++state_.delivered;
  } else {
    if (state_.failing_since_ms == 0)
      state_.failing_since_ms = now;
    if (now - state_.failing_since_ms >= options_.give_up_after.count()) {
      entry.outcome = "given_up";
      ++state_.given_up;
      spdlog::warn("webhook {}: gave up event {} after {} attempts: {}", hook_.id, event.id,
                   entry.attempts, result.error);
    } else {
      entry.outcome = "retrying";
      // Exponential backoff with jitter: between half and all of the delay.
      auto delay = options_.retry_delay.count();
      for (std::uint32_t i = 1; i < state_.attempts && delay < options_.retry_delay_max.count();
           ++i)
        delay *= 2;
      delay = std::min<std::int64_t>(delay, options_.retry_delay_max.count());
      std::uniform_int_distribution<std::int64_t> jitter(delay / 2, delay);
      state_.next_attempt_ms = now + jitter(random_);
    }
  }
  if (entry.outcome != "retrying") {
    state_.cursor = event.id;
    state_.attempts = 0;
    state_.failing_since_ms = 0;
    state_.next_attempt_ms = 0;
    waiting_since_ms_ = 0;
  }
  state_.recent.push_back(entry);
  if (state_.recent.size() > model::max_recent_deliveries)
    state_.recent.erase(state_.recent.begin());
  guard.unlock();
  save();
  if (observe_)
    observe_(entry.outcome == "retrying" ? "failed" : entry.outcome);
  return entry.outcome != "retrying";
}

void courier::save() {
  auto snapshot = state();
  if (auto saved = log_.put_delivery_state(hook_.id, snapshot); !saved)
    spdlog::error("webhook {}: cannot record its deliveries: {}", hook_.id, saved.error().message);
}

void courier::sleep_until(std::int64_t until_ms) {
  std::unique_lock<std::mutex> guard(mutex_);
  auto wait = std::chrono::milliseconds(std::max<std::int64_t>(0, until_ms - model::now_ms()));
  stopped_.wait_for(guard, wait, [&] { return stopping_.load(); });
}

} // namespace webhooks
