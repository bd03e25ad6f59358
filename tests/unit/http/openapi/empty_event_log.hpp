#pragma once

// An event log with no events and no webhooks: what the routes of
// webhooks and of the event stream need to be added to a router.

#include <thread>

#include "storage/event_log.hpp"

namespace openapi_test {

class empty_event_log final : public storage::event_log {
public:
  model::outcome<std::vector<model::image_event>> events_after(const std::string&,
                                                               std::size_t) override {
    return std::vector<model::image_event>{};
  }
  std::uint64_t events_generation() override {
    return 0;
  }
  void wait_for_events(std::uint64_t, std::chrono::milliseconds timeout) override {
    std::this_thread::sleep_for(std::min(timeout, std::chrono::milliseconds(10)));
  }
  model::outcome<std::string> newest_event_id() override {
    return std::string();
  }
  model::outcome<std::size_t> forget_events(const std::string&, std::int64_t,
                                            std::size_t) override {
    return std::size_t{0};
  }
  model::status add_webhook(const model::webhook&) override {
    return model::ok_status();
  }
  model::status delete_webhook(const std::string&) override {
    return model::ok_status();
  }
  model::outcome<std::vector<model::webhook>> webhooks() override {
    return std::vector<model::webhook>{};
  }
  model::status put_delivery_state(const std::string&, const model::delivery_state&) override {
    return model::ok_status();
  }
  model::outcome<std::optional<model::delivery_state>> delivery_state(const std::string&) override {
    return std::optional<model::delivery_state>{};
  }
};

} // namespace openapi_test
