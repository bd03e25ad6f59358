#include "actors/imaging/operations/binding.hpp"

#include "actors/imaging/operations/param_values.hpp"

namespace imaging::operations {

namespace {

model::problem invalid(std::string message) {
  return model::make_problem(model::error_code::invalid_operation, std::move(message));
}

std::string param_names(const operation_spec& spec) {
  std::string names;
  for (const auto& param : spec.params)
    names += (names.empty() ? "" : " ") + param.name;
  return names;
}

} // namespace

model::op_call bound_operation::canonical() const {
  model::op_call call{entry->spec.name, {}};
  for (const auto& arg : args)
    call.args.push_back(arg.text);
  return call;
}

model::outcome<bound_operation> bind_operation(const model::op_call& call) {
  const operation_entry* entry = find_entry(call.name);
  if (!entry)
    return invalid("unknown operation " + quote_for_message(call.name));
  const operation_spec& spec = entry->spec;
  if (call.args.size() != spec.params.size())
    return invalid(spec.name + ": expected " + std::to_string(spec.params.size()) + " arguments" +
                   (spec.params.empty() ? "" : " (" + param_names(spec) + ")") + ", got " +
                   std::to_string(call.args.size()));
  bound_operation bound{entry, {}};
  for (std::size_t i = 0; i < spec.params.size(); ++i) {
    auto arg = argument_from_text(spec.params[i], call.args[i]);
    if (!arg)
      return invalid(spec.name + ": " + arg.error().message);
    bound.args.push_back(std::move(arg).value());
  }
  return bound;
}

model::outcome<std::vector<bound_operation>>
bind_operations(const std::vector<model::op_call>& calls) {
  std::vector<bound_operation> bound;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    auto one = bind_operation(calls[i]);
    if (!one)
      return invalid("ops[" + std::to_string(i) + "]: " + one.error().message);
    bound.push_back(std::move(one).value());
  }
  return bound;
}

} // namespace imaging::operations
