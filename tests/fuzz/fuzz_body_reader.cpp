// libFuzzer target: request body framing (Content-Length and chunked). The
// first byte picks the framing and how the rest is split into reads, as
// bytes arrive from the network in pieces; the body may never exceed the
// limit, and a reader never uses more bytes than it is given.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/transport/body_reader.hpp"

namespace {

constexpr std::size_t max_body_bytes = 4096;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1)
    return 0;
  const bool chunked = (data[0] & 1) != 0;
  const std::size_t piece = 1 + (data[0] >> 1); // 1 to 128 bytes per read
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  http_api::body_framing framing;
  framing.delimited_by =
      chunked ? http_api::body_framing::kind::chunked : http_api::body_framing::kind::length;
  framing.length = input.size() / 2;
  auto reader = http_api::body_reader::for_framing(framing, max_body_bytes);
  if (!reader)
    return 0;
  while (!input.empty() && !reader->complete()) {
    auto part = input.substr(0, piece);
    auto used = reader->consume(part);
    if (!used)
      return 0;
    if (*used > part.size() || reader->received() > max_body_bytes)
      std::abort();
    input.remove_prefix(*used);
  }
  return 0;
}
