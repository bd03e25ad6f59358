#include "http/webhooks/webhook_registry.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "actors/model/clock.hpp"
#include "actors/model/digest.hpp"
#include "http/views/json_views.hpp"
#include "http/webhooks/webhook_client.hpp"

namespace webhooks {

namespace {

constexpr std::chrono::minutes housekeeping_period{1};
constexpr std::size_t events_forgotten_at_once = 10000;
constexpr std::size_t min_secret_length = 16;
constexpr std::size_t max_secret_length = 256;

model::problem invalid(std::string message) {
  return model::make_problem(model::error_code::invalid_request, std::move(message));
}

bool is_visible_ascii(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '!' && c <= '~'; });
}

} // namespace

webhook_registry::webhook_registry(storage::event_log& log, webhook_options options,
                                   std::shared_ptr<telemetry::metrics> metrics)
    : log_(log), options_(std::move(options)), metrics_(std::move(metrics)) {
  auto hooks = log_.webhooks();
  if (!hooks)
    throw std::runtime_error("cannot read the webhooks: " + hooks.error().message);
  for (auto& hook : *hooks) {
    auto state = log_.delivery_state(hook.id);
    if (!state)
      throw std::runtime_error("cannot read the deliveries of webhook " + hook.id + ": " +
                               state.error().message);
    start_courier(std::move(hook), state->value_or(model::delivery_state{}));
  }
  housekeeping_ = std::thread([this] { run_housekeeping(); });
}

webhook_registry::~webhook_registry() {
  {
    std::lock_guard<std::mutex> guard(housekeeping_mutex_);
    stopping_ = true;
  }
  housekeeping_stop_.notify_all();
  housekeeping_.join();
  std::lock_guard<std::mutex> guard(mutex_);
  couriers_.clear();
}

void webhook_registry::start_courier(model::webhook hook, model::delivery_state state) {
  auto id = hook.id;
  auto observe = [metrics = metrics_](const std::string& outcome) {
    if (metrics)
      metrics->count(telemetry::names::webhook_deliveries, {outcome});
  };
  std::lock_guard<std::mutex> guard(mutex_);
  couriers_[id] = std::make_unique<courier>(std::move(hook), std::move(state), log_, options_,
                                            std::move(observe));
}

model::outcome<model::webhook> webhook_registry::create(model::webhook draft) {
  if (auto host = allowed_host_of(draft.url, options_.allowed_hosts); !host)
    return host.error();
  if (draft.filter.types.empty())
    return invalid("events must name at least one event type");
  if (draft.secret.empty())
    draft.secret = model::random_hex(32);
  else if (draft.secret.size() < min_secret_length || draft.secret.size() > max_secret_length ||
           !is_visible_ascii(draft.secret))
    return invalid("secret must be " + std::to_string(min_secret_length) + " to " +
                   std::to_string(max_secret_length) + " visible ASCII characters");
  draft.id = model::random_hex(16);
  draft.created_ms = model::now_ms();
  // Deliveries start after the newest event now: a webhook gets what
  // happens from its creation on.
  auto newest = log_.newest_event_id();
  if (!newest)
    return newest.error();
  model::delivery_state start;
  start.cursor = *newest;
  if (auto saved = log_.put_delivery_state(draft.id, start); !saved)
    return saved.error();
  if (auto added = log_.add_webhook(draft); !added)
    return added.error();
  start_courier(draft, start);
  spdlog::info("webhook {} created: {}", draft.id, draft.url);
  return draft;
}

std::vector<webhook_status> webhook_registry::list() const {
  std::lock_guard<std::mutex> guard(mutex_);
  std::vector<webhook_status> all;
  for (const auto& [id, each] : couriers_)
    all.push_back({each->hook(), each->state()});
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.hook.created_ms != b.hook.created_ms ? a.hook.created_ms < b.hook.created_ms
                                                  : a.hook.id < b.hook.id;
  });
  return all;
}

model::outcome<webhook_status> webhook_registry::get(const std::string& id) const {
  std::lock_guard<std::mutex> guard(mutex_);
  auto found = couriers_.find(id);
  if (found == couriers_.end())
    return model::make_problem(model::error_code::not_found, "no webhook " + id);
  return webhook_status{found->second->hook(), found->second->state()};
}

model::status webhook_registry::remove(const std::string& id) {
  std::unique_ptr<courier> stopped;
  {
    std::lock_guard<std::mutex> guard(mutex_);
    auto found = couriers_.find(id);
    if (found == couriers_.end())
      return model::make_problem(model::error_code::not_found, "no webhook " + id);
    stopped = std::move(found->second);
    couriers_.erase(found);
  }
  stopped.reset(); // joins its thread, so that it writes no state after the delete
  if (auto deleted = log_.delete_webhook(id); !deleted)
    return deleted;
  spdlog::info("webhook {} deleted", id);
  return model::ok_status();
}

std::string webhook_registry::table() const {
  auto rows = nlohmann::json::array();
  using http_api::text_or_null;
  for (const auto& [hook, deliveries] : list()) {
    std::string types;
    for (auto type : hook.filter.types)
      types += (types.empty() ? "" : " ") + std::string(model::to_string(type));
    std::string labels;
    for (const auto& [key, value] : hook.filter.labels)
      labels += (labels.empty() ? "" : " ") + key + ":" + value;
    const auto* last = deliveries.recent.empty() ? nullptr : &deliveries.recent.back();
    rows.push_back(
        {{"id", hook.id},
         {"url", hook.url},
         {"events", types},
         {"labels", text_or_null(labels)},
         {"delivered", deliveries.delivered},
         {"given_up", deliveries.given_up},
         {"attempts", deliveries.attempts},
         {"next_retry", deliveries.attempts > 0 ? http_api::time_or_null(deliveries.next_attempt_ms)
                                                : nlohmann::json(nullptr)},
         {"last_event", text_or_null(deliveries.cursor)},
         {"last_status",
          last && last->status != 0 ? nlohmann::json(last->status) : nlohmann::json(nullptr)},
         {"last_error", text_or_null(last ? last->error : std::string())}});
  }
  return nlohmann::json{{"webhooks", rows}}.dump();
}

std::vector<telemetry::sample> webhook_registry::samples() const {
  std::lock_guard<std::mutex> guard(mutex_);
  double retrying = 0;
  std::int64_t oldest = 0;
  for (const auto& [id, each] : couriers_) {
    if (each->state().attempts > 0)
      ++retrying;
    auto waiting = each->oldest_waiting_ms();
    if (waiting != 0 && (oldest == 0 || waiting < oldest))
      oldest = waiting;
  }
  double age = oldest == 0 ? 0 : std::max<double>(0, (model::now_ms() - oldest) / 1000.0);
  return {{telemetry::names::webhook_retries_pending, {}, retrying},
          {telemetry::names::webhook_oldest_undelivered, {}, age}};
}

model::outcome<std::size_t> webhook_registry::forget_old_events() {
  auto newest = log_.newest_event_id();
  if (!newest)
    return newest.error();
  std::string up_to = *newest;
  {
    std::lock_guard<std::mutex> guard(mutex_);
    for (const auto& [id, each] : couriers_)
      up_to = std::min(up_to, each->state().cursor);
  }
  auto before = model::now_ms() - options_.event_retention.count();
  std::size_t total = 0;
  for (;;) {
    auto forgotten = log_.forget_events(up_to, before, events_forgotten_at_once);
    if (!forgotten)
      return forgotten.error();
    total += *forgotten;
    if (*forgotten < events_forgotten_at_once)
      return total;
  }
}

void webhook_registry::run_housekeeping() {
  std::unique_lock<std::mutex> guard(housekeeping_mutex_);
  while (!housekeeping_stop_.wait_for(guard, housekeeping_period, [&] { return stopping_; })) {
    guard.unlock();
    if (auto forgotten = forget_old_events(); !forgotten)
      spdlog::error("cannot forget old events: {}", forgotten.error().message);
    guard.lock();
  }
}

} // namespace webhooks
