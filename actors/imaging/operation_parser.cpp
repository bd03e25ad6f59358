#include "actors/imaging/operation_parser.hpp"

#include <nlohmann/json.hpp>

#include "actors/imaging/operations/binding.hpp"
#include "actors/imaging/operations/param_values.hpp"

namespace imaging {

namespace {

using operations::quote_for_message;

model::problem invalid(std::string message) {
  return model::make_problem(model::error_code::invalid_operation, std::move(message));
}

model::problem empty_command() {
  return invalid("no operations: the command is empty");
}

std::vector<std::string_view> split_words(std::string_view line) {
  constexpr std::string_view blanks = " \t\r\v\f"; // \r: CRLF line ends
  std::vector<std::string_view> words;
  for (std::size_t pos = line.find_first_not_of(blanks); pos != std::string_view::npos;) {
    std::size_t end = std::min(line.find_first_of(blanks, pos), line.size());
    words.push_back(line.substr(pos, end - pos));
    pos = line.find_first_not_of(blanks, end);
  }
  return words;
}

// One element of the JSON form, checked key by key against the declaration.
model::outcome<model::op_call> call_from_json(const nlohmann::json& item) {
  if (!item.is_object())
    return invalid("must be an object such as {\"op\":\"flip\"}, got " +
                   std::string(item.type_name()));
  auto op = item.find("op");
  if (op == item.end())
    return invalid("missing \"op\"");
  if (!op->is_string())
    return invalid("\"op\" must be a string");
  const auto& name = op->get_ref<const std::string&>();
  const operation_spec* spec = find_operation(name);
  if (!spec)
    return invalid("unknown operation " + quote_for_message(name));
  for (const auto& [key, value] : item.items()) {
    bool declared = key == "op";
    for (const auto& param : spec->params)
      declared = declared || key == param.name;
    if (!declared)
      return invalid(name + ": unknown parameter " + quote_for_message(key));
  }
  model::op_call call{name, {}};
  for (const auto& param : spec->params) {
    auto value = item.find(param.name);
    if (value == item.end())
      return invalid(name + ": missing parameter " + quote_for_message(param.name));
    auto arg = operations::argument_from_json(param, *value);
    if (!arg)
      return invalid(name + ": " + arg.error().message);
    call.args.push_back(arg->text);
  }
  return call;
}

} // namespace

model::outcome<std::vector<model::op_call>> parse_operations_text(std::string_view text) {
  std::vector<model::op_call> calls;
  std::size_t line_number = 0;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    auto words = split_words(line.substr(0, line.find('#')));
    if (words.empty())
      continue;
    std::string where = "line " + std::to_string(line_number) + ": ";
    if (calls.size() == max_operations_per_command)
      return invalid(where + "too many operations (at most " +
                     std::to_string(max_operations_per_command) + ")");
    model::op_call call{std::string(words[0]), {words.begin() + 1, words.end()}};
    auto bound = operations::bind_operation(call);
    if (!bound)
      return invalid(where + bound.error().message);
    calls.push_back(bound->canonical());
  }
  if (calls.empty())
    return empty_command();
  return calls;
}

model::outcome<std::vector<model::op_call>> parse_operations_json(const nlohmann::json& ops) {
  if (!ops.is_array())
    return invalid("ops must be an array of operations, got " + std::string(ops.type_name()));
  if (ops.empty())
    return empty_command();
  if (ops.size() > max_operations_per_command)
    return invalid("too many operations: " + std::to_string(ops.size()) + " (at most " +
                   std::to_string(max_operations_per_command) + ")");
  std::vector<model::op_call> calls;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    auto call = call_from_json(ops[i]);
    if (!call)
      return invalid("ops[" + std::to_string(i) + "]: " + call.error().message);
    calls.push_back(std::move(call).value());
  }
  return calls;
}

nlohmann::json operation_to_json(const model::op_call& call) {
  nlohmann::json json{{"op", call.name}};
  const operation_spec* spec = find_operation(call.name);
  for (std::size_t i = 0; spec && i < spec->params.size() && i < call.args.size(); ++i) {
    const param_spec& param = spec->params[i];
    auto arg = operations::argument_from_text(param, call.args[i]);
    if (!arg || param.type == param_type::choice)
      json[param.name] = call.args[i];
    else if (param.type == param_type::integer)
      json[param.name] = static_cast<long long>(arg->number);
    else
      json[param.name] = arg->number;
  }
  return json;
}

std::string operation_to_text(const model::op_call& call) {
  std::string text = call.name;
  for (const auto& arg : call.args)
    text += " " + arg;
  return text;
}

} // namespace imaging
