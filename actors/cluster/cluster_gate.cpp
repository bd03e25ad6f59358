#include "actors/cluster/cluster_gate.hpp"

#include <deque>
#include <unordered_map>

#include <caf/actor_system.hpp>
#include <caf/node_id.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <spdlog/spdlog.h>

#include "actors/cluster/cluster_secret.hpp"
#include "actors/model/clock.hpp"
#include "actors/service/problem_error.hpp"

namespace actors {

namespace {

/// Challenges handed out and not used yet; the oldest go first when more
/// than this many are outstanding (a peer cannot grow the set unbounded).
constexpr std::size_t max_open_challenges = 1024;

struct gate_state {
  gate_settings settings;
  std::deque<std::string> challenges;
  // The CAF node each cluster node joined from, so that only it may speak
  // for that node afterwards.
  std::unordered_map<std::string, caf::node_id> members;

  static inline const char* name = "cluster_gate";
};

using gate_pointer = gate_actor::stateful_pointer<gate_state>;

bool take_challenge(gate_state& state, const std::string& proof_input) {
  auto it = std::find(state.challenges.begin(), state.challenges.end(), proof_input);
  if (it == state.challenges.end())
    return false;
  state.challenges.erase(it);
  return true;
}

caf::node_id sender_node(gate_pointer self) {
  const auto& sender = self->current_sender();
  return sender ? sender->node() : caf::node_id{};
}

bool is_member(gate_pointer self, const std::string& node) {
  auto it = self->state.members.find(node);
  return it != self->state.members.end() && it->second == sender_node(self);
}

/// Offers the workers of an admitted node to the dispatcher.
void admit(gate_pointer self, join_request& request) {
  worker_offer offer;
  offer.node.id = request.node_id;
  offer.node.address = request.address;
  offer.node.role = "worker";
  offer.node.hostname = request.hostname;
  offer.node.version = request.version;
  offer.workers = std::move(request.workers);
  offer.store_id = std::move(request.store_id);
  spdlog::info("worker node {} ({}, {}) joined with {} workers", offer.node.id, offer.node.address,
               offer.node.hostname, offer.workers.size());
  self->state.members[request.node_id] = sender_node(self);
  self->send(self->state.settings.dispatcher, enlist_atom::value, std::move(offer));
}

/// The refusal of `request` (logged), or no error when it proves the secret
/// with a challenge of this gate. `peer` says who asks, for the log.
caf::error check_proof(gate_state& state, const join_request& request, const char* peer) {
  // The proof carries its challenge: "<challenge>:<hmac>".
  auto separator = request.proof.find(':');
  auto challenge = request.proof.substr(0, separator);
  auto hmac = separator == std::string::npos ? "" : request.proof.substr(separator + 1);
  auto refuse = [&](const std::string& why,
                    model::error_code code = model::error_code::unauthorized) {
    spdlog::warn("refused {} {} ({}, {}): {}", peer, request.node_id, request.address,
                 request.hostname, why);
    return to_error(code, "the head refused to join: " + why);
  };
  if (request.node_id.empty() || request.node_id.size() > 128)
    return refuse("the node id must have 1 to 128 characters");
  // Not a wrong secret: the challenge may have been pushed out by other
  // joins (or by a flood of hellos), and asking for a new one can succeed.
  if (!take_challenge(state, challenge))
    return refuse("unknown or reused challenge", model::error_code::conflict);
  if (!state.settings.secret.empty() &&
      !proofs_match(join_proof(state.settings.secret, challenge, request.node_id), hmac))
    return refuse("wrong cluster secret");
  return {};
}

gate_actor::behavior_type gate_behavior(gate_pointer self, gate_settings settings) {
  self->state.settings = std::move(settings);
  return {
      [self](hello_atom, const std::string&) -> std::string {
        auto& challenges = self->state.challenges;
        if (challenges.size() >= max_open_challenges)
          challenges.pop_front();
        challenges.push_back(make_challenge());
        return challenges.back();
      },
      [self](join_atom, join_request& request) -> caf::result<caf::ok_atom> {
        if (auto refusal = check_proof(self->state, request, "worker node"))
          return refusal;
        admit(self, request);
        return caf::ok_atom::value;
      },
      [self](shell_atom, join_request& request) -> caf::result<inspector_actor> {
        if (auto refusal = check_proof(self->state, request, "shell"))
          return refusal;
        spdlog::info("shell {} ({}, {}) connected", request.node_id, request.address,
                     request.hostname);
        return self->state.settings.inspector;
      },
      [self](leave_atom, const std::string& node) -> caf::result<caf::ok_atom> {
        if (!is_member(self, node))
          return to_error(model::error_code::forbidden,
                          "only node " + node + " may leave as itself");
        self->state.members.erase(node);
        return self->delegate(self->state.settings.dispatcher, leave_atom::value, node);
      },
      [self](caf::ping_atom, const std::string& node) -> caf::result<caf::ok_atom> {
        if (!is_member(self, node))
          return to_error(model::error_code::not_found, "node " + node + " is not a member");
        return self->delegate(self->state.settings.dispatcher, caf::ping_atom::value, node);
      },
  };
}

} // namespace

gate_actor spawn_gate(caf::actor_system& system, gate_settings settings) {
  return system.spawn(gate_behavior, std::move(settings));
}

} // namespace actors
