#include "nodes/host_port.hpp"

namespace nodes {

std::optional<host_port> parse_host_port(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return std::nullopt;
  host_port parsed;
  parsed.host = text.substr(0, colon);
  if (parsed.host.size() > 2 && parsed.host.front() == '[' && parsed.host.back() == ']')
    parsed.host = parsed.host.substr(1, parsed.host.size() - 2);
  auto digits = text.substr(colon + 1);
  if (digits.empty() || digits.size() > 5 ||
      digits.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  auto number = std::stoul(digits);
  if (number == 0 || number > 65535)
    return std::nullopt;
  parsed.port = static_cast<std::uint16_t>(number);
  return parsed;
}

} // namespace nodes
