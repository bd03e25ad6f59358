#pragma once

// Where bytes go as they arrive, so that nothing large is ever held whole:
// a request body on its way to a route, an upload on its way to the disk.

#include <string_view>

#include "actors/model/problem.hpp"

namespace model {

class byte_sink {
public:
  virtual ~byte_sink() = default;

  /// The next bytes. A problem ends the bytes at once: the sink refuses
  /// the rest, and whoever gave them answers for it.
  virtual status append(std::string_view bytes) = 0;
};

} // namespace model
