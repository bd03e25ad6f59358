#pragma once

#include <functional>
#include <iosfwd>
#include <string>

#include "actors/model/problem.hpp"

namespace shell {

/// Clears the terminal and shows the "nodes" and "jobs" views through
/// `show` every second, until a key is pressed on standard input (which
/// must be a terminal; it is put back as it was). Fails when standard input
/// is not a terminal, or with the problem of `show`.
model::status watch(const std::function<model::status(const std::string& view)>& show,
                    std::ostream& out);

} // namespace shell
