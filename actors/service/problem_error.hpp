#pragma once

// Carries model::problem through CAF: as a caf::error of the category
// "problem" whose code is the error_code and whose context is the message.
// Errors of CAF itself (timeouts, lost peers) become problems too, so every
// failure reaching a client has a stable code and a clear message.

#include <caf/error.hpp>

#include "actors/model/problem.hpp"

namespace actors {

/// The CAF error category of problems.
caf::atom_value problem_category();

caf::error to_error(model::problem failure);

inline caf::error to_error(model::error_code code, std::string message) {
  return to_error(model::problem{code, std::move(message)});
}

/// Converts any caf::error to a problem. CAF's own errors map to timeout
/// (request_timeout), unavailable (peers or actors gone) or internal_error.
model::problem to_problem(const caf::error& failure);

/// Renders problems for caf::actor_system::render().
std::string render_problem(std::uint8_t code, caf::atom_value category,
                           const caf::message& context);

} // namespace actors
