#include "actors/service/problem_error.hpp"

#include <caf/atom.hpp>
#include <caf/message.hpp>
#include <caf/sec.hpp>

namespace actors {

caf::atom_value problem_category() {
  return caf::atom("problem");
}

caf::error to_error(model::problem failure) {
  return caf::error(static_cast<std::uint8_t>(failure.code), problem_category(),
                    caf::make_message(std::move(failure.message)));
}

namespace {

std::string context_text(const caf::message& context) {
  if (context.match_elements<std::string>())
    return context.get_as<std::string>(0);
  return {};
}

model::problem from_system_error(const caf::error& failure) {
  using model::error_code;
  switch (static_cast<caf::sec>(failure.code())) {
  case caf::sec::request_timeout:
    return {error_code::timeout, "the request timed out inside the service"};
  case caf::sec::request_receiver_down:
    return {error_code::internal_error, "the actor serving the request stopped unexpectedly"};
  case caf::sec::remote_linking_failed:
  case caf::sec::cannot_connect_to_node:
  case caf::sec::no_route_to_receiving_node:
    return {error_code::unavailable, "a node needed for the request is unreachable"};
  default:
    return {error_code::internal_error, "internal error: " + caf::to_string(failure)};
  }
}

} // namespace

model::problem to_problem(const caf::error& failure) {
  if (failure.category() == problem_category())
    return {static_cast<model::error_code>(failure.code()), context_text(failure.context())};
  if (failure.category() == caf::atom("system"))
    return from_system_error(failure);
  return {model::error_code::internal_error, "internal error: " + caf::to_string(failure)};
}

std::string render_problem(std::uint8_t code, caf::atom_value, const caf::message& context) {
  return std::string(model::to_string(static_cast<model::error_code>(code))) + ": " +
         context_text(context);
}

} // namespace actors
