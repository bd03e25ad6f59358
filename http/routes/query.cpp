#include "http/routes/query.hpp"

#include "http/ascii.hpp"

namespace http_api {

std::string quote_input(std::string_view text) {
  constexpr std::size_t shown = 64;
  if (text.size() <= shown)
    return "\"" + std::string(text) + "\"";
  return "\"" + std::string(text.substr(0, shown)) + "...\"";
}

std::optional<std::string> percent_decode(std::string_view text) {
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      decoded += ' ';
    } else if (text[i] != '%') {
      decoded += text[i];
    } else {
      if (i + 2 >= text.size())
        return std::nullopt;
      int high = hex_digit(text[i + 1]);
      int low = hex_digit(text[i + 2]);
      if (high < 0 || low < 0)
        return std::nullopt;
      decoded += static_cast<char>(high * 16 + low);
      i += 2;
    }
  }
  return decoded;
}

model::status accept_only(const http_request& request,
                          std::initializer_list<std::string_view> accepted) {
  for (const auto& [name, value] : request.query) {
    bool known = false;
    for (auto candidate : accepted)
      known = known || name == candidate;
    if (known)
      continue;
    std::string list;
    for (auto candidate : accepted)
      list += (list.empty() ? "" : ", ") + std::string(candidate);
    return model::make_problem(model::error_code::invalid_request,
                               "unknown query parameter " + quote_input(name) +
                                   "; accepted: " + (list.empty() ? "none" : list));
  }
  return model::ok_status();
}

model::outcome<std::vector<std::string>> query_params(const http_request& request,
                                                      std::string_view name) {
  std::vector<std::string> values;
  for (const auto& [key, value] : request.query) {
    if (key != name)
      continue;
    auto decoded = percent_decode(value);
    if (!decoded)
      return model::make_problem(model::error_code::invalid_request,
                                 "query parameter " + quote_input(key) + " has a broken %-escape");
    values.push_back(std::move(*decoded));
  }
  return values;
}

model::outcome<std::optional<std::string>> query_param(const http_request& request,
                                                       std::string_view name) {
  auto values = query_params(request, name);
  if (!values)
    return values.error();
  if (values->empty())
    return std::optional<std::string>();
  if (values->size() > 1)
    return model::make_problem(model::error_code::invalid_request,
                               "query parameter " + quote_input(name) + " is given more than once");
  return std::optional<std::string>(std::move(values->front()));
}

std::optional<std::uint64_t> parse_decimal(std::string_view text, std::uint64_t min,
                                           std::uint64_t max) noexcept {
  if (text.empty() || text.size() > 19 || (text.size() > 1 && text.front() == '0'))
    return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value < min || value > max)
    return std::nullopt;
  return value;
}

} // namespace http_api
