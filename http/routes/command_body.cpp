#include "http/routes/command_body.hpp"

#include <nlohmann/json.hpp>

#include "actors/imaging/operation_parser.hpp"
#include "http/routes/query.hpp"
#include "http/routes/request_params.hpp"

namespace http_api {

namespace {

model::problem invalid(std::string message) {
  return model::make_problem(model::error_code::invalid_request, std::move(message));
}

model::outcome<std::int32_t> json_base(const nlohmann::json& base) {
  if (base.is_string())
    return parse_base(base.get<std::string>());
  if (base.is_number_unsigned() && base.get<std::uint64_t>() >= 1 &&
      base.get<std::uint64_t>() <= max_version_number)
    return static_cast<std::int32_t>(base.get<std::uint64_t>());
  return invalid("base must be \"latest\", \"original\" or a version number from 1 to " +
                 std::to_string(max_version_number) + ", got " + quote_input(base.dump()));
}

} // namespace

model::outcome<model::command> parse_json_command(std::string_view body) {
  nlohmann::json command;
  try {
    command = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    return invalid("the body is not valid JSON (error at byte " + std::to_string(e.byte) + ")");
  } catch (const nlohmann::json::out_of_range&) {
    // The parser refuses numbers a double cannot hold (1e999) with this
    // exception, not with a parse_error.
    return invalid("the body holds a number too large for JSON's range");
  }
  if (!command.is_object())
    return invalid("the body must be a JSON object with \"ops\" and optionally \"base\"");
  for (const auto& [key, value] : command.items())
    if (key != "ops" && key != "base")
      return invalid("unknown key " + quote_input(key) + "; accepted: ops, base");
  if (!command.contains("ops"))
    return invalid("missing \"ops\": a list of operations, see GET /v1/operations");

  model::command parsed;
  auto ops = imaging::parse_operations_json(command["ops"]);
  if (!ops)
    return ops.error();
  parsed.ops = std::move(*ops);
  if (command.contains("base")) {
    auto base = json_base(command["base"]);
    if (!base)
      return base.error();
    parsed.base = *base;
  }
  return parsed;
}

} // namespace http_api
