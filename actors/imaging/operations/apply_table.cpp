#include "actors/imaging/operations/apply_table.hpp"

#include <array>

#include "actors/imaging/operations/all_operations.hpp"

namespace imaging::operations {

namespace {

template<class... Operation>
constexpr std::array<apply_function, sizeof...(Operation)> make_table(std::tuple<Operation...>*) {
  return {&Operation::apply...};
}

// Same order as registry(): both expand all_operations.
constexpr auto table = make_table(static_cast<all_operations*>(nullptr));

} // namespace

apply_function apply_of(const operation_entry& entry) noexcept {
  return entry.index < table.size() ? table[entry.index] : nullptr;
}

} // namespace imaging::operations
