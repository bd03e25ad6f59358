#include "actors/imaging/operations/registry.hpp"

#include <type_traits>

#include "actors/imaging/operations/all_operations.hpp"

namespace imaging::operations {

namespace {

template<class Operation, class = void>
struct has_check : std::false_type {};

template<class Operation>
struct has_check<Operation, std::void_t<decltype(&Operation::check)>> : std::true_type {};

template<class Operation>
constexpr check_function check_of() {
  if constexpr (has_check<Operation>::value)
    return &Operation::check;
  else
    return nullptr;
}

template<class... Operation, std::size_t... Index>
std::vector<operation_entry> make_entries(std::tuple<Operation...>*,
                                          std::index_sequence<Index...>) {
  return {operation_entry{Operation::spec(), Operation::role, &Operation::output,
                          check_of<Operation>(), Index}...};
}

} // namespace

const std::vector<operation_entry>& registry() {
  static const std::vector<operation_entry> entries =
      make_entries(static_cast<all_operations*>(nullptr),
                   std::make_index_sequence<std::tuple_size_v<all_operations>>());
  return entries;
}

const operation_entry* find_entry(std::string_view name) noexcept {
  for (const auto& entry : registry())
    if (entry.spec.name == name)
      return &entry;
  return nullptr;
}

} // namespace imaging::operations
