#include "actors/cluster/worker_pool.hpp"

#include <algorithm>

namespace actors {

namespace {

using model::node_state;

/// Nodes that left or were lost stay visible; only this many are kept.
constexpr std::size_t max_down_nodes = 64;

std::string name_of(const worker_slot& slot) {
  return slot.node + "#" + std::to_string(slot.handle.id());
}

} // namespace

worker_pool::worker_pool(std::uint32_t jobs_per_worker) : jobs_per_worker_(jobs_per_worker) {}

std::vector<worker_actor> worker_pool::enlist(const worker_offer& offer, std::int64_t now_ms) {
  auto& status = nodes_[offer.node.id];
  auto previous = status;
  status = offer.node;
  // An operator's drain outlasts the node reconnecting, even after it was
  // lost in between.
  status.state = drained_.count(offer.node.id) != 0 ? node_state::draining : node_state::up;
  status.completed = previous.completed;
  status.failed = previous.failed;
  bool was_up = previous.state != node_state::down && !previous.id.empty();
  status.in_flight = was_up ? previous.in_flight : 0;
  status.workers = was_up ? previous.workers : 0;
  status.last_seen_ms = now_ms;
  std::vector<worker_actor> added;
  for (const auto& handle : offer.workers) {
    if (!handle || find(handle.address()) != nullptr)
      continue;
    workers_.push_back(worker_slot{handle, offer.node.id, offer.store_id});
    ++status.workers;
    added.push_back(handle);
  }
  return added;
}

worker_slot* worker_pool::pick() {
  worker_slot* best = nullptr;
  auto count = workers_.size();
  for (std::size_t i = 0; i < count; ++i) {
    auto& slot = workers_[(rotation_ + i) % count];
    if (slot.in_flight >= jobs_per_worker_)
      continue;
    auto* owner = node(slot.node);
    if (owner == nullptr || owner->state != node_state::up)
      continue;
    if (best == nullptr || slot.in_flight < best->in_flight)
      best = &slot;
  }
  if (best != nullptr)
    rotation_ = (static_cast<std::size_t>(best - workers_.data()) + 1) % count;
  return best;
}

worker_slot* worker_pool::find(const caf::actor_addr& worker) {
  for (auto& slot : workers_)
    if (slot.handle.address() == worker)
      return &slot;
  return nullptr;
}

model::node_status* worker_pool::node(const std::string& id) {
  auto it = nodes_.find(id);
  return it == nodes_.end() ? nullptr : &it->second;
}

void worker_pool::job_started(worker_slot& slot) {
  ++slot.in_flight;
  if (auto* owner = node(slot.node))
    ++owner->in_flight;
}

void worker_pool::job_ended(const caf::actor_addr& worker, bool succeeded, std::int64_t now_ms) {
  auto* slot = find(worker);
  if (slot == nullptr)
    return;
  // An end reported twice (a reply after the job was given up) must not
  // wrap the count around: the worker would look full for ever.
  if (slot->in_flight > 0)
    --slot->in_flight;
  ++(succeeded ? slot->completed : slot->failed);
  if (auto* owner = node(slot->node)) {
    if (owner->in_flight > 0)
      --owner->in_flight;
    owner->last_seen_ms = now_ms;
    ++(succeeded ? owner->completed : owner->failed);
  }
}

std::optional<std::string> worker_pool::remove_worker(const caf::actor_addr& worker,
                                                      std::int64_t now_ms) {
  auto slot = std::find_if(workers_.begin(), workers_.end(),
                           [&](const worker_slot& s) { return s.handle.address() == worker; });
  if (slot == workers_.end())
    return std::nullopt;
  auto id = slot->node;
  auto lost_jobs = slot->in_flight;
  workers_.erase(slot);
  if (auto* owner = node(id)) {
    owner->in_flight -= std::min(owner->in_flight, lost_jobs);
    owner->failed += lost_jobs;
    if (owner->workers > 0)
      --owner->workers;
    if (owner->workers == 0)
      retire(id, now_ms);
  }
  return id;
}

std::vector<caf::actor_addr> worker_pool::retire(const std::string& id, std::int64_t now_ms) {
  std::vector<caf::actor_addr> removed;
  // A node never seen (a stray leave) is not made up as a down one.
  if (nodes_.count(id) == 0)
    return removed;
  workers_.erase(std::remove_if(workers_.begin(), workers_.end(),
                                [&](const worker_slot& slot) {
                                  if (slot.node != id)
                                    return false;
                                  removed.push_back(slot.handle.address());
                                  return true;
                                }),
                 workers_.end());
  auto& status = nodes_[id];
  status.state = node_state::down;
  status.workers = 0;
  status.in_flight = 0;
  status.last_seen_ms = std::max(status.last_seen_ms, now_ms);
  forget_down_nodes_beyond_limit();
  return removed;
}

std::vector<caf::actor_addr> worker_pool::silent_workers(std::int64_t deadline_ms) const {
  std::vector<caf::actor_addr> silent;
  for (const auto& slot : workers_) {
    auto owner = nodes_.find(slot.node);
    if (owner != nodes_.end() && owner->second.role == "worker" &&
        owner->second.last_seen_ms < deadline_ms)
      silent.push_back(slot.handle.address());
  }
  return silent;
}

std::vector<model::node_status> worker_pool::status() const {
  std::vector<model::node_status> nodes;
  for (const auto& [id, status] : nodes_)
    nodes.push_back(status);
  return nodes;
}

bool worker_pool::drain(const std::string& id, bool draining) {
  auto* status = node(id);
  if (status == nullptr || status->state == node_state::down)
    return false;
  status->state = draining ? node_state::draining : node_state::up;
  if (draining)
    drained_.insert(id);
  else
    drained_.erase(id);
  return true;
}

std::vector<worker_status> worker_pool::workers() const {
  std::vector<worker_status> listing;
  for (const auto& slot : workers_) {
    worker_status entry;
    entry.name = name_of(slot);
    entry.node = slot.node;
    auto owner = nodes_.find(slot.node);
    auto state = owner == nodes_.end() ? node_state::down : owner->second.state;
    entry.state = state != node_state::up ? model::to_string(state)
                  : slot.in_flight > 0    ? "busy"
                                          : "idle";
    entry.in_flight = slot.in_flight;
    entry.completed = slot.completed;
    entry.failed = slot.failed;
    listing.push_back(std::move(entry));
  }
  return listing;
}

std::string worker_pool::worker_name(const caf::actor_addr& worker) {
  auto* slot = find(worker);
  return slot == nullptr ? std::string{} : name_of(*slot);
}

std::uint64_t worker_pool::workers_up() const {
  std::uint64_t count = 0;
  for (const auto& slot : workers_) {
    auto owner = nodes_.find(slot.node);
    if (owner != nodes_.end() && owner->second.state == node_state::up)
      ++count;
  }
  return count;
}

void worker_pool::forget_down_nodes_beyond_limit() {
  std::vector<std::pair<std::int64_t, std::string>> down;
  for (const auto& [id, status] : nodes_)
    if (status.state == node_state::down)
      down.emplace_back(status.last_seen_ms, id);
  if (down.size() <= max_down_nodes)
    return;
  std::sort(down.begin(), down.end());
  for (std::size_t i = 0; i + max_down_nodes < down.size(); ++i) {
    nodes_.erase(down[i].second);
    drained_.erase(down[i].second);
  }
}

} // namespace actors
