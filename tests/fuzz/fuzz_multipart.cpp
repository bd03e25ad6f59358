// libFuzzer target: multipart/form-data as it arrives. The first line of
// the input is the Content-Type header value, the rest the body, fed in
// pieces whose sizes come from the body's first byte; the field's content
// handed on must be no longer than the body.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/routes/multipart.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto newline = input.find('\n');
  if (newline == std::string_view::npos)
    return 0;
  std::string_view content_type = input.substr(0, newline);
  std::string_view body = input.substr(newline + 1);
  std::size_t handed = 0;
  auto reader = http_api::form_field_reader::open(content_type, "image", [&](std::string_view b) {
    handed += b.size();
    return model::ok_status();
  });
  if (!reader)
    return 0;
  const std::size_t piece = body.empty() ? 1 : 1 + static_cast<unsigned char>(body[0]) % 64;
  for (std::string_view rest = body; !rest.empty();) {
    auto part = rest.substr(0, piece);
    if (!reader->feed(part))
      return 0;
    rest.remove_prefix(part.size());
  }
  if (reader->finish() && handed > body.size())
    std::abort();
  return 0;
}
