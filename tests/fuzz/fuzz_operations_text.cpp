// libFuzzer target: the text form of commands. Whatever the input, parsing
// ends in a list of operations or a problem; a list it accepts must come
// back unchanged through operation_to_text and a second parse.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "actors/imaging/operation_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto ops = imaging::parse_operations_text(text);
  if (!ops)
    return 0;
  if (ops->empty() || ops->size() > imaging::max_operations_per_command)
    std::abort();
  std::string canonical;
  for (const auto& call : *ops)
    canonical += imaging::operation_to_text(call) + "\n";
  auto again = imaging::parse_operations_text(canonical);
  if (!again || *again != *ops)
    std::abort();
  return 0;
}
