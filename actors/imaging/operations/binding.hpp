#pragma once

// An op_call checked against its declaration: the registry entry plus the
// typed arguments. The pipeline binds every call before it decodes
// anything; the text parser binds what it read.
//
// An op_call's args are the texts of the given parameters in declaration
// order. The required ones come first, one each; every further text goes
// to the first remaining optional parameter whose shape it has
// (param_values.hpp: has_shape_of), so "crop 800 600 10 10" gives x and y
// and "crop 800 600 center" the gravity. Defaults fill the optional
// parameters left out. canonical() leaves out the arguments that equal
// their default wherever the rest still reads back the same, so equal
// calls have one form, and an operation that gains an optional parameter
// keeps the form of its stored calls (defaults are part of the API and do
// not change).

#include <optional>

#include "actors/imaging/operations/registry.hpp"
#include "actors/model/records.hpp"

namespace imaging::operations {

struct bound_operation {
  const operation_entry* entry = nullptr;
  arguments args; // one per declared parameter

  /// The call in canonical form: declared name, canonical texts of the
  /// written arguments.
  model::op_call canonical() const;

  /// Positions of the arguments the canonical form writes: the present ones
  /// except defaults that can be left out.
  std::vector<std::size_t> written() const;
};

/// Binds `call`, or invalid_operation: "unknown operation \"blurr\"",
/// "resize: expected 2 arguments (width height), got 1", "resize: width must
/// be an integer from 1 to 16384, got \"abc\"", "crop: \"up\" is not a valid
/// x, y or gravity", or the operation's own check ("crop: give x and y, or
/// a gravity").
model::outcome<bound_operation> bind_operation(const model::op_call& call);

/// Binds arguments already matched to their parameters (the JSON form): one
/// per declared parameter, nullopt where not given. Fills the defaults,
/// refuses missing required ones and runs the operation's own check; errors
/// as for bind_operation.
model::outcome<bound_operation> bind_arguments(const operation_entry& entry,
                                               std::vector<std::optional<argument>> given);

/// Binds every call; the error names the failing call as "ops[i]: ...".
model::outcome<std::vector<bound_operation>>
bind_operations(const std::vector<model::op_call>& calls);

} // namespace imaging::operations
