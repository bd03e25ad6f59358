#include "tests/reliability/upload_load.hpp"

#include <exception>

#include "tests/integration/standalone_node.hpp"
#include "tests/support/http_client.hpp"

namespace reliability {

namespace {

constexpr const char* commands[] = {"flop", "grayscale"};

} // namespace

upload_load::upload_load(std::uint16_t port, std::size_t clients, std::vector<std::string> pool)
    : port_(port), pool_(std::move(pool)) {
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

void upload_load::wait_for_restart_after(std::uint64_t generation) {
  std::unique_lock lock{mutex_};
  restarted_.wait(lock, [&] { return stopping_ || generation_ > generation; });
}

void upload_load::run(std::size_t client) {
  for (std::size_t round = 0;; ++round) {
    std::uint64_t generation;
    {
      std::lock_guard guard{mutex_};
      if (stopping_)
        return;
      generation = generation_;
    }
    try {
      one_round(client, round);
    } catch (const std::exception&) {
      ++lost_requests_;
      wait_for_restart_after(generation);
    }
  }
}

// Throws when a request fails on the wire.
void upload_load::one_round(std::size_t client, std::size_t round) {
  test_support::http_client http(port_);
  const auto& original = pool_[(client * 7 + round) % pool_.size()];
  auto unexpected = [&](const std::string& request, const test_support::http_reply& reply) {
    std::lock_guard guard{mutex_};
    unexpected_answers_.push_back(request + " answered " + std::to_string(reply.status) + ": " +
                                  reply.body);
  };
  bool profiled = round % 3 == 1;
  auto upload = http.post(profiled ? "/v1/images?profile=thumbnail" : "/v1/images", original,
                          "application/octet-stream");
  if (upload.status != 201) {
    unexpected("POST /v1/images", upload);
    return;
  }
  std::string id = upload.json()["id"];
  acknowledged_.add_image(id, original,
                          profiled ? std::vector<std::uint32_t>{1} : std::vector<std::uint32_t>{});
  if (round % 3 != 2)
    return;
  for (const char* ops : commands) {
    auto path = integration::image_path(id, "/commands");
    auto command = http.post(path, ops, "text/plain");
    if (command.status != 202) {
      unexpected("POST " + path, command);
      return;
    }
    acknowledged_.add_version(id, command.json()["version"]);
  }
}

} // namespace reliability
