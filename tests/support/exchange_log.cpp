#include "tests/support/exchange_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

namespace test_support {

namespace {

std::string lower_case(std::string text) {
  for (auto& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

nlohmann::json body_of(const std::string& content_type, const std::string& body) {
  if (lower_case(content_type).rfind("application/json", 0) == 0) {
    auto parsed = nlohmann::json::parse(body, nullptr, false);
    if (!parsed.is_discarded())
      return {{"json", parsed}};
  }
  return {{"length", body.size()}};
}

} // namespace

void record_exchange(const recorded_exchange& exchange) {
  const char* path = std::getenv(exchange_log_variable);
  if (path == nullptr || *path == '\0')
    return;
  nlohmann::json headers = nlohmann::json::object();
  std::string content_type;
  for (const auto& [name, value] : *exchange.headers) {
    auto key = lower_case(name);
    if (key == "content-type")
      content_type = value;
    headers[key] = value;
  }
  nlohmann::json line = {{"method", exchange.method},
                         {"target", exchange.target},
                         {"request_content_type", exchange.content_type},
                         {"status", exchange.status},
                         {"headers", headers},
                         {"body", body_of(content_type, *exchange.body)},
                         {"client", "http_client"}};
  auto text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  int fd = ::open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return;
  auto written = ::write(fd, text.data(), text.size());
  (void)written; // a lost line only narrows the check
  ::close(fd);
}

} // namespace test_support
