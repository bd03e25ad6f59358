#include "http/wire_response.hpp"

#include <pistache/http_defs.h>

namespace http_api {

namespace {

bool has_line_break(const std::string& text) {
  return text.find_first_of("\r\n") != std::string::npos;
}

bool has_content_length(int status) {
  return status != 204 && status != 304;
}

void add_field(std::string& head, const std::string& name, const std::string& value) {
  head += name;
  head += ": ";
  head += value;
  head += "\r\n";
}

} // namespace

std::string wire_response(const http_response& response, bool head_only, bool close_connection) {
  std::string bytes =
      "HTTP/1.1 " + std::to_string(response.status) + " " +
      Pistache::Http::codeString(static_cast<Pistache::Http::Code>(response.status)) + "\r\n";
  for (const auto& field : response.headers)
    if (!has_line_break(field.name) && !has_line_break(field.value))
      add_field(bytes, field.name, field.value);
  if (has_content_length(response.status))
    add_field(bytes, "Content-Length", std::to_string(response.body.size()));
  if (close_connection)
    add_field(bytes, "Connection", "close");
  bytes += "\r\n";
  if (!head_only)
    bytes += response.body;
  return bytes;
}

} // namespace http_api
