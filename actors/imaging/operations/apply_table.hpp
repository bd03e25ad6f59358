#pragma once

#include "actors/imaging/operations/operation.hpp"
#include "actors/imaging/operations/registry.hpp"

namespace imaging::operations {

using apply_function = void (*)(edit&, const arguments&, const geometry&);

/// The GraphicsMagick side of a registry entry.
apply_function apply_of(const operation_entry& entry) noexcept;

} // namespace imaging::operations
