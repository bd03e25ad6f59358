#pragma once

// An op_call checked against its declaration: the registry entry plus the
// typed arguments. The pipeline binds every call before it decodes
// anything; the text parser binds what it read.

#include "actors/imaging/operations/registry.hpp"
#include "actors/model/records.hpp"

namespace imaging::operations {

struct bound_operation {
  const operation_entry* entry = nullptr;
  arguments args;

  /// The call in canonical form: declared name, canonical argument texts.
  model::op_call canonical() const;
};

/// Binds `call`, or invalid_operation: "unknown operation \"blurr\"",
/// "resize: expected 2 arguments (width height), got 1", "resize: width must
/// be an integer from 1 to 16384, got \"abc\"".
model::outcome<bound_operation> bind_operation(const model::op_call& call);

/// Binds every call; the error names the failing call as "ops[i]: ...".
model::outcome<std::vector<bound_operation>>
bind_operations(const std::vector<model::op_call>& calls);

} // namespace imaging::operations
