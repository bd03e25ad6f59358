// libFuzzer target: the head of a request (request line and header fields)
// and the framing read from it, as the transport reads them. Whatever the
// input, the parser either refuses it or returns a head whose parts obey the
// grammar it enforces: a token method, a path starting with '/' (or "*"),
// field values without CR, LF or NUL.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/transport/message_framing.hpp"
#include "http/transport/request_head.hpp"

namespace {

void require(bool condition) {
  if (!condition)
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto end = http_api::find_head_end(input, 0);
  if (!end)
    return 0;
  require(*end <= input.size());
  auto head = http_api::parse_request_head(input.substr(0, *end));
  if (!head)
    return 0;
  require(!head->method.empty());
  for (char c : head->method)
    require(http_api::is_token_char(c));
  require(head->path == "*" || (!head->path.empty() && head->path.front() == '/'));
  for (const auto& field : head->fields)
    require(field.value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos);
  auto framing = http_api::framing_of(*head, 1 << 20);
  if (framing && framing->body.delimited_by == http_api::body_framing::kind::length)
    require(framing->body.length > 0 && framing->body.length <= (1 << 20));
  return 0;
}
