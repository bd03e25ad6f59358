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
    names += (names.empty() ? "" : " ") + (param.optional ? "[" + param.name + "]" : param.name);
  return names;
}

std::size_t required_count(const operation_spec& spec) {
  std::size_t count = 0;
  while (count < spec.params.size() && !spec.params[count].optional)
    ++count;
  return count;
}

model::problem wrong_count(const operation_spec& spec, std::size_t required, std::size_t got) {
  std::string expected = std::to_string(required);
  if (required != spec.params.size())
    expected += " to " + std::to_string(spec.params.size());
  return invalid(spec.name + ": expected " + expected + " arguments" +
                 (spec.params.empty() ? "" : " (" + param_names(spec) + ")") + ", got " +
                 std::to_string(got));
}

// The problem with `text`, which fits none of the optional parameters from
// `next` on.
model::problem unplaced(const operation_spec& spec, std::size_t next, std::string_view text) {
  const auto& params = spec.params;
  if (next == params.size())
    return invalid(spec.name + ": unexpected argument " + quote_for_message(text) + " after " +
                   params.back().name);
  if (next + 1 == params.size())
    if (auto arg = argument_from_text(params[next], text); !arg)
      return invalid(spec.name + ": " + arg.error().message);
  std::string names;
  for (std::size_t i = next; i < params.size(); ++i)
    names += (i == next ? "" : i + 1 == params.size() ? " or " : ", ") + params[i].name;
  return invalid(spec.name + ": " + quote_for_message(text) + " is not a valid " + names);
}

} // namespace

std::vector<std::size_t> bound_operation::written() const {
  const auto& params = entry->spec.params;
  std::vector<std::size_t> kept;
  // From the end: a default may go when no later argument would then be
  // read as that parameter.
  for (std::size_t i = params.size(); i-- > 0;) {
    if (!args[i].present)
      continue;
    bool at_default = !params[i].default_value.empty() && args[i].text == params[i].default_value;
    bool later_fits = false;
    for (std::size_t later : kept)
      later_fits = later_fits || has_shape_of(params[i], args[later].text);
    if (!at_default || later_fits)
      kept.insert(kept.begin(), i);
  }
  return kept;
}

model::op_call bound_operation::canonical() const {
  model::op_call call{entry->spec.name, {}};
  for (std::size_t i : written())
    call.args.push_back(args[i].text);
  return call;
}

model::outcome<bound_operation> bind_operation(const model::op_call& call) {
  const operation_entry* entry = find_entry(call.name);
  if (!entry)
    return invalid("unknown operation " + quote_for_message(call.name));
  const operation_spec& spec = entry->spec;
  std::size_t required = required_count(spec);
  if (call.args.size() < required || call.args.size() > spec.params.size())
    return wrong_count(spec, required, call.args.size());
  std::vector<std::optional<argument>> given(spec.params.size());
  std::size_t next = 0;
  for (const auto& text : call.args) {
    std::size_t param = next;
    if (next >= required)
      while (param < spec.params.size() && !has_shape_of(spec.params[param], text))
        ++param;
    if (param == spec.params.size())
      return unplaced(spec, next, text);
    auto arg = argument_from_text(spec.params[param], text);
    if (!arg)
      return invalid(spec.name + ": " + arg.error().message);
    given[param] = std::move(arg).value();
    next = param + 1;
  }
  return bind_arguments(*entry, std::move(given));
}

model::outcome<bound_operation> bind_arguments(const operation_entry& entry,
                                               std::vector<std::optional<argument>> given) {
  const operation_spec& spec = entry.spec;
  bound_operation bound{&entry, {}};
  for (std::size_t i = 0; i < spec.params.size(); ++i) {
    const param_spec& param = spec.params[i];
    if (i < given.size() && given[i]) {
      bound.args.push_back(std::move(*given[i]));
    } else if (!param.optional) {
      return invalid(spec.name + ": missing parameter " + quote_for_message(param.name));
    } else if (param.default_value.empty()) {
      bound.args.push_back(argument{0, "", false});
    } else {
      auto fallback = argument_from_text(param, param.default_value);
      if (!fallback) // a declaration error, caught by the catalog tests
        return invalid(spec.name + ": default of " + fallback.error().message);
      bound.args.push_back(std::move(fallback).value());
    }
  }
  if (entry.check)
    if (auto checked = entry.check(bound.args); !checked)
      return checked.error();
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
