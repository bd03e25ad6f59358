#include "tests/system/reliability/upload_load.hpp"

#include <exception>

#include "tests/system/integration/standalone_node.hpp"

namespace reliability {

namespace {

constexpr const char* commands[] = {"flop", "grayscale"};

test_support::request_options keyed(const std::string& key) {
  test_support::request_options options;
  if (!key.empty())
    options.headers = {"Idempotency-Key: " + key};
  return options;
}

} // namespace

upload_load::upload_load(std::uint16_t port, std::size_t clients, std::vector<std::string> pool,
                         after_failure policy)
    : port_(port), pool_(std::move(pool)), policy_(policy) {
  for (std::size_t client = 0; client < clients; ++client)
    clients_.emplace_back([this, client] { run(client); });
}

upload_load::~upload_load() {
  stop();
}

void upload_load::node_restarted() {
  {
    std::lock_guard guard{mutex_};
    ++generation_;
  }
  restarted_.notify_all();
}

void upload_load::stop() {
  {
    std::lock_guard guard{mutex_};
    stopping_ = true;
  }
  restarted_.notify_all();
  for (auto& client : clients_)
    if (client.joinable())
      client.join();
}

bool upload_load::wait_for_restart_after(std::uint64_t generation) {
  std::unique_lock lock{mutex_};
  restarted_.wait(lock, [&] { return stopping_ || generation_ > generation; });
  return stopping_;
}

void upload_load::note_unexpected(const std::string& line) {
  std::lock_guard guard{mutex_};
  unexpected_answers_.push_back(line);
}

std::optional<test_support::http_reply>
upload_load::answer(const std::function<test_support::http_reply()>& request) {
  for (bool stopping = false;;) {
    std::uint64_t generation;
    {
      std::lock_guard guard{mutex_};
      generation = generation_;
    }
    try {
      return request();
    } catch (const std::exception& failure) {
      ++lost_requests_;
      bool tried_after_stop = stopping;
      stopping = wait_for_restart_after(generation);
      if (tried_after_stop)
        note_unexpected(std::string("a request failed after the load stopped: ") + failure.what());
      if (policy_ == after_failure::move_on || tried_after_stop)
        return std::nullopt;
    }
  }
}

void upload_load::run(std::size_t client) {
  test_support::http_client http(port_);
  for (std::size_t round = 0;; ++round) {
    {
      std::lock_guard guard{mutex_};
      if (stopping_)
        return;
    }
    one_round(http, client, round);
  }
}

void upload_load::one_round(const test_support::http_client& http, std::size_t client,
                            std::size_t round) {
  const auto& original = pool_[(client * 7 + round) % pool_.size()];
  // Unique to the round: a retry is the same request, anything else is not.
  auto key = [&](const std::string& what) {
    return policy_ == after_failure::retry
               ? "client-" + std::to_string(client) + "-round-" + std::to_string(round) + what
               : std::string();
  };
  auto expect = [&](const std::optional<test_support::http_reply>& reply, long status,
                    const std::string& request) {
    if (reply && reply->status != status)
      note_unexpected(request + " answered " + std::to_string(reply->status) + ": " + reply->body);
    return reply && reply->status == status;
  };
  bool profiled = round % 3 == 1;
  auto upload = answer([&] {
    return http.post(profiled ? "/v1/images?profile=thumbnail" : "/v1/images", original,
                     "application/octet-stream", keyed(key("")));
  });
  if (!expect(upload, 201, "POST /v1/images"))
    return;
  std::string id = upload->json()["id"];
  acknowledged_.add_image(id, original,
                          profiled ? std::vector<std::uint32_t>{1} : std::vector<std::uint32_t>{});
  if (round % 3 != 2)
    return;
  for (const std::string ops : commands) {
    auto path = integration::image_path(id, "/commands");
    auto command = answer([&] { return http.post(path, ops, "text/plain", keyed(key(ops))); });
    if (!expect(command, 202, "POST " + path))
      return;
    acknowledged_.add_version(id, command->json()["version"]);
  }
}

} // namespace reliability
