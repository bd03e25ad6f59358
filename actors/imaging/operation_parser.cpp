#include "actors/imaging/operation_parser.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "actors/imaging/operations/binding.hpp"
#include "actors/imaging/operations/param_values.hpp"
#include "actors/imaging/operations/text_template.hpp"

namespace imaging {

namespace {

using operations::quote_for_message;

model::problem invalid(std::string message) {
  return model::make_problem(model::error_code::invalid_operation, std::move(message));
}

model::problem empty_command() {
  return invalid("no operations: the command is empty");
}

constexpr std::string_view blanks = " \t\r\v\f"; // \r: CRLF line ends

bool is_blank(char c) {
  return blanks.find(c) != std::string_view::npos;
}

// A word that is meant as a hexadecimal color rather than as the start of
// a comment: '#' and hexadecimal digits only, of any count, so that a
// mistyped color ("#ff00") is refused instead of silently ignored.
bool is_color_word(std::string_view word) {
  return word.size() > 1 && word[0] == '#' &&
         word.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string_view::npos;
}

// The words of one line of the text form: blank-separated, or in double
// quotes with \" and \\ escapes (so a text may hold blanks and '#'); a
// quote inside an unquoted word is an ordinary character. A '#' outside
// quotes starts a comment, except where it begins a color word after the
// operation's name.
model::outcome<std::vector<std::string>> split_words(std::string_view line) {
  std::vector<std::string> words;
  std::size_t at = 0;
  while (true) {
    while (at < line.size() && is_blank(line[at]))
      ++at;
    if (at == line.size())
      return words;
    if (line[at] == '"') {
      std::string word;
      for (++at;; ++at) {
        if (at == line.size())
          return invalid("unterminated quote: a quoted text ends with \"");
        if (line[at] == '"')
          break;
        if (line[at] == '\\') {
          if (at + 1 == line.size() || (line[at + 1] != '"' && line[at + 1] != '\\'))
            return invalid("in quotes, a backslash must be followed by \" or \\");
          ++at;
        }
        word += line[at];
      }
      ++at;
      if (at < line.size() && !is_blank(line[at]) && line[at] != '#')
        return invalid("a blank must follow the closing quote");
      words.push_back(std::move(word));
      continue;
    }
    std::size_t end = at;
    while (end < line.size() && !is_blank(line[end]) && (line[end] != '#' || end == at))
      ++end;
    std::string_view word = line.substr(at, end - at);
    if (word[0] == '#' && (words.empty() || !is_color_word(word)))
      return words;
    words.emplace_back(word);
    if (end < line.size() && line[end] == '#')
      return words;
    at = end;
  }
}

// How a word is written in the text form so that split_words() reads it
// back: texts always quoted, other words only when they need it.
std::string text_word(const std::string& word, bool quote) {
  bool plain = !word.empty() && (word[0] != '#' || is_color_word(word));
  for (char c : word)
    plain = plain && !is_blank(c) && c != '"' && c != '\\' && (c != '#' || word[0] == '#');
  if (plain && !quote)
    return word;
  std::string quoted = "\"";
  for (char c : word)
    quoted += c == '"' || c == '\\' ? std::string{'\\', c} : std::string(1, c);
  return quoted + "\"";
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
  std::vector<std::optional<operations::argument>> given;
  for (const auto& param : spec->params) {
    auto value = item.find(param.name);
    if (value == item.end()) {
      given.emplace_back();
      continue;
    }
    auto arg = operations::argument_from_json(param, *value);
    if (!arg)
      return invalid(name + ": " + arg.error().message);
    given.emplace_back(std::move(arg).value());
  }
  auto bound = operations::bind_arguments(*operations::find_entry(name), std::move(given));
  if (!bound)
    return bound.error();
  return bound->canonical();
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
    std::string where = "line " + std::to_string(line_number) + ": ";
    auto words = split_words(line);
    if (!words)
      return invalid(where + words.error().message);
    if (words->empty())
      continue;
    if (calls.size() == max_operations_per_command)
      return invalid(where + "too many operations (at most " +
                     std::to_string(max_operations_per_command) + ")");
    model::op_call call{words->front(), {words->begin() + 1, words->end()}};
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
  auto bound = operations::bind_operation(call);
  if (bound) {
    const auto& params = bound->entry->spec.params;
    for (std::size_t i : bound->written())
      json[params[i].name] = operations::argument_to_json(params[i], bound->args[i]);
    return json;
  }
  const operation_spec* spec = find_operation(call.name);
  for (std::size_t i = 0; spec && i < spec->params.size() && i < call.args.size(); ++i)
    json[spec->params[i].name] = call.args[i];
  return json;
}

std::string operation_to_text(const model::op_call& call) {
  std::string text = call.name;
  auto bound = operations::bind_operation(call);
  if (!bound) {
    for (const auto& arg : call.args)
      text += " " + text_word(arg, false);
    return text;
  }
  const auto& params = bound->entry->spec.params;
  for (std::size_t i : bound->written())
    text += " " + text_word(bound->args[i].text, params[i].type == param_type::text);
  return text;
}

std::vector<std::string> images_named(const std::vector<model::op_call>& ops) {
  std::vector<std::string> ids;
  for (const auto& call : ops) {
    auto bound = operations::bind_operation(call);
    for (std::size_t i = 0; bound && i < bound->args.size(); ++i) {
      const auto& id = bound->args[i].text;
      if (bound->entry->spec.params[i].type == param_type::image &&
          std::find(ids.begin(), ids.end(), id) == ids.end())
        ids.push_back(id);
    }
  }
  return ids;
}

bool reads_image_context(const std::vector<model::op_call>& ops) {
  for (const auto& call : ops) {
    auto bound = operations::bind_operation(call);
    for (std::size_t i = 0; bound && i < bound->args.size(); ++i)
      if (bound->entry->spec.params[i].type == param_type::text &&
          operations::has_placeholders(bound->args[i].text))
        return true;
  }
  return false;
}

} // namespace imaging
