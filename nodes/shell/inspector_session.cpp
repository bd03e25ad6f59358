#include "nodes/shell/inspector_session.hpp"

#include <optional>
#include <set>

#include <unistd.h>

#include <caf/actor_system.hpp>
#include <caf/io/middleman.hpp>
#include <caf/io/middleman_actor.hpp>
#include <caf/openssl/manager.hpp>
#include <caf/scoped_actor.hpp>

#include "actors/cluster/cluster_secret.hpp"
#include "actors/model/version.hpp"
#include "actors/protocol.hpp"
#include "actors/service/problem_error.hpp"
#include "nodes/local_address.hpp"
#include "nodes/shell/shell_config.hpp"

namespace shell {

struct inspector_session::parts {
  explicit parts(caf::actor_system& system) : self(system) {}

  caf::scoped_actor self;
  actors::inspector_actor inspector;
  std::chrono::milliseconds timeout;
};

namespace {

using model::error_code;

/// The problem behind `failure`; a refused connection or a timeout says
/// what the user can check.
model::problem problem_of(const caf::error& failure, const std::string& head) {
  if (failure == caf::sec::request_timeout)
    return {error_code::timeout, "the head at " + head + " did not answer in time"};
  if (failure.category() == caf::atom("system"))
    return {error_code::unavailable,
            "cannot reach the head at " + head + ": " + caf::to_string(failure)};
  return actors::to_problem(failure);
}

caf::io::middleman_actor middleman_of(caf::actor_system& system, const shell_config& cfg) {
  if (cfg.uses_tls())
    return caf::actor_cast<caf::io::middleman_actor>(system.openssl_manager().actor_handle());
  return system.middleman().actor_handle();
}

} // namespace

inspector_session::inspector_session(std::unique_ptr<parts> parts) : parts_(std::move(parts)) {}

inspector_session::~inspector_session() = default;

model::outcome<std::unique_ptr<inspector_session>>
inspector_session::open(caf::actor_system& system, const shell_config& cfg,
                        const std::string& secret) {
  auto session = std::make_unique<parts>(system);
  session->timeout = std::chrono::duration_cast<std::chrono::milliseconds>(cfg.timeout);
  auto& self = session->self;
  auto head = cfg.connect;
  std::optional<model::problem> failed;
  auto fail = [&](caf::error& failure) { failed = problem_of(failure, head); };

  actors::gate_actor gate;
  self->request(middleman_of(system, cfg), session->timeout, caf::connect_atom::value, cfg.host,
                cfg.port)
      .receive(
          [&](const caf::node_id&, caf::strong_actor_ptr& published,
              std::set<std::string>& interface) {
            if (published && !system.assignable<actors::gate_actor>(interface)) {
              failed = model::problem{error_code::unavailable,
                                      "what is published at " + head +
                                          " is not a caf-node head of this version"};
              return;
            }
            gate = caf::actor_cast<actors::gate_actor>(published);
          },
          fail);
  if (failed)
    return *failed;
  if (!gate)
    return model::problem{error_code::unavailable, "nothing is published at " + head};

  actors::join_request request;
  request.hostname = nodes::host_name();
  request.node_id = "caf-shell@" + request.hostname + "-" + std::to_string(getpid());
  request.address = nodes::local_address_towards(cfg.host, cfg.port);
  request.version = model::service_version();
  self->request(gate, session->timeout, actors::hello_atom::value, request.node_id)
      .receive(
          [&](std::string& challenge) {
            request.proof =
                challenge + ":" + actors::join_proof(secret, challenge, request.node_id);
          },
          fail);
  if (failed)
    return *failed;
  self->request(gate, session->timeout, actors::shell_atom::value, request)
      .receive([&](actors::inspector_actor& inspector) { session->inspector = inspector; }, fail);
  if (failed)
    return *failed;
  return std::unique_ptr<inspector_session>(new inspector_session(std::move(session)));
}

model::outcome<std::string> inspector_session::run(const std::vector<std::string>& command) {
  std::optional<model::outcome<std::string>> answer;
  parts_->self->request(parts_->inspector, parts_->timeout, actors::inspect_atom::value, command)
      .receive([&](std::string& document) { answer.emplace(std::move(document)); },
               [&](caf::error& failure) { answer.emplace(problem_of(failure, "head")); });
  return std::move(*answer);
}

} // namespace shell
