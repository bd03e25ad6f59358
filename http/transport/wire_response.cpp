#include "http/transport/wire_response.hpp"

namespace http_api {

namespace {

bool has_line_break(const std::string& text) {
  return text.find_first_of("\r\n") != std::string::npos;
}

bool has_content_length(int status) {
  return status >= 200 && status != 204 && status != 304;
}

void add_field(std::string& head, std::string_view name, std::string_view value) {
  head += name;
  head += ": ";
  head += value;
  head += "\r\n";
}

} // namespace

std::string_view reason_phrase(int status) noexcept {
  switch (status) {
  case 100:
    return "Continue";
  case 200:
    return "OK";
  case 201:
    return "Created";
  case 202:
    return "Accepted";
  case 204:
    return "No Content";
  case 206:
    return "Partial Content";
  case 304:
    return "Not Modified";
  case 400:
    return "Bad Request";
  case 401:
    return "Unauthorized";
  case 403:
    return "Forbidden";
  case 404:
    return "Not Found";
  case 405:
    return "Method Not Allowed";
  case 408:
    return "Request Timeout";
  case 409:
    return "Conflict";
  case 413:
    return "Content Too Large";
  case 414:
    return "URI Too Long";
  case 415:
    return "Unsupported Media Type";
  case 416:
    return "Range Not Satisfiable";
  case 417:
    return "Expectation Failed";
  case 422:
    return "Unprocessable Content";
  case 431:
    return "Request Header Fields Too Large";
  case 500:
    return "Internal Server Error";
  case 501:
    return "Not Implemented";
  case 503:
    return "Service Unavailable";
  case 504:
    return "Gateway Timeout";
  case 505:
    return "HTTP Version Not Supported";
  default:
    return "";
  }
}

std::string wire_head(const http_response& response, const wire_options& options) {
  std::string bytes;
  bytes.reserve(256);
  bytes += "HTTP/1.1 ";
  bytes += std::to_string(response.status);
  bytes += ' ';
  bytes += reason_phrase(response.status);
  bytes += "\r\n";
  if (!options.date.empty())
    add_field(bytes, "Date", options.date);
  for (const auto& field : response.headers)
    if (!has_line_break(field.name) && !has_line_break(field.value))
      add_field(bytes, field.name, field.value);
  if (has_content_length(response.status) && !options.until_close)
    add_field(bytes, "Content-Length", std::to_string(response.body_size()));
  if (options.connection == connection_option::keep_alive)
    add_field(bytes, "Connection", "keep-alive");
  else if (options.connection == connection_option::close)
    add_field(bytes, "Connection", "close");
  if (options.connection != connection_option::close && options.keep_alive_seconds > 0)
    add_field(bytes, "Keep-Alive", "timeout=" + std::to_string(options.keep_alive_seconds));
  bytes += "\r\n";
  return bytes;
}

} // namespace http_api
