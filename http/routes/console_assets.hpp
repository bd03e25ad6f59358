#pragma once

// The web console's files (http/console), compiled into the binary.

#include <string_view>
#include <vector>

namespace http_api {

struct console_asset {
  std::string_view name;   // file name: "index.html", "console.js"
  std::string_view sha256; // lowercase hex digest of the bytes
  std::string_view bytes;
};

const std::vector<console_asset>& console_assets();

} // namespace http_api
