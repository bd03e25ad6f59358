#include "actors/imaging/operation_catalog.hpp"

#include "actors/imaging/operations/registry.hpp"

namespace imaging {

const char* to_string(param_type type) noexcept {
  switch (type) {
  case param_type::integer:
    return "integer";
  case param_type::number:
    return "number";
  case param_type::choice:
    return "choice";
  case param_type::size:
    return "size";
  case param_type::color:
    return "color";
  case param_type::text:
    return "text";
  case param_type::image:
    return "image";
  }
  return "integer";
}

const std::vector<operation_spec>& operation_catalog() {
  static const std::vector<operation_spec> specs = [] {
    std::vector<operation_spec> all;
    for (const auto& entry : operations::registry())
      all.push_back(entry.spec);
    return all;
  }();
  return specs;
}

const operation_spec* find_operation(std::string_view name) noexcept {
  const operations::operation_entry* entry = operations::find_entry(name);
  return entry ? &entry->spec : nullptr;
}

std::string syntax_of(const operation_spec& operation) {
  std::string syntax = operation.name;
  for (const auto& param : operation.params)
    syntax += param.optional ? " [<" + param.name + ">]" : " <" + param.name + ">";
  return syntax;
}

} // namespace imaging
