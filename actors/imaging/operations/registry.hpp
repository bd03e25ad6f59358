#pragma once

// The registry: every operation by name, with what the parsers and the
// decode hint need. The apply functions live in apply_table.hpp, apart,
// because they pull in GraphicsMagick.

#include <cstddef>
#include <string_view>
#include <vector>

#include "actors/imaging/operations/operation_types.hpp"

namespace imaging::operations {

using output_function = model::outcome<geometry> (*)(const geometry&, const arguments&);
using check_function = model::status (*)(const arguments&);

struct operation_entry {
  operation_spec spec;
  shrink_role role = shrink_role::barrier;
  output_function output = nullptr;
  check_function check = nullptr; // how the arguments go together; may be null
  std::size_t index = 0;          // position in registry(), also in the apply table
};

/// All operations in catalog order. Built on first use; safe to read from
/// any thread.
const std::vector<operation_entry>& registry();

/// The operation called exactly `name`, or nullptr.
const operation_entry* find_entry(std::string_view name) noexcept;

} // namespace imaging::operations
