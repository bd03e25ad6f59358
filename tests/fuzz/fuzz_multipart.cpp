// libFuzzer target: multipart/form-data. The first line of the input is
// the Content-Type header value, the rest the body; the field found must
// lie inside the body.

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
  auto field = http_api::find_form_field(content_type, body, "image");
  if (field && (field->offset > body.size() || field->length > body.size() - field->offset))
    std::abort();
  return 0;
}
