// libFuzzer target: the JSON body of a command (http_api::parse_json_command,
// which runs the JSON operation parser). An accepted command must come back
// unchanged through operation_to_json and a second parse.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "actors/imaging/operation_parser.hpp"
#include "http/routes/command_body.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto command = http_api::parse_json_command(body);
  if (!command)
    return 0;
  if (command->ops.empty() || command->ops.size() > imaging::max_operations_per_command)
    std::abort();
  auto canonical = nlohmann::json::array();
  for (const auto& call : command->ops)
    canonical.push_back(imaging::operation_to_json(call));
  auto again = imaging::parse_operations_json(canonical);
  if (!again || *again != command->ops)
    std::abort();
  return 0;
}
