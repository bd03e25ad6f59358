#include "http/routes/header_value.hpp"

#include <algorithm>

#include <cstring>

#include "http/ascii.hpp"

namespace http_api {

namespace {

// RFC 9110 tchar, plus '/' for the type/subtype of media types.
bool is_token_char(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
    return true;
  return c != '\0' && std::strchr("!#$%&'*+-.^_`|~/", c) != nullptr;
}

class scanner {
public:
  explicit scanner(std::string_view text) : text_(text) {}

  bool done() const noexcept {
    return pos_ == text_.size();
  }
  bool consume(char c) noexcept {
    if (done() || text_[pos_] != c)
      return false;
    ++pos_;
    return true;
  }
  void skip_spaces() noexcept {
    while (!done() && (text_[pos_] == ' ' || text_[pos_] == '\t'))
      ++pos_;
  }
  std::string lower_token() {
    std::string token;
    while (!done() && is_token_char(text_[pos_]))
      token += lower_ascii(text_[pos_++]);
    return token;
  }
  std::string token() {
    auto start = pos_;
    while (!done() && is_token_char(text_[pos_]))
      ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }
  // After the opening quote; nullopt when the closing quote is missing.
  std::optional<std::string> quoted_rest() {
    std::string value;
    while (!done()) {
      char c = text_[pos_++];
      if (c == '"')
        return value;
      if (c == '\\') {
        if (done())
          return std::nullopt;
        c = text_[pos_++];
      }
      value += c;
    }
    return std::nullopt;
  }

private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

} // namespace

const std::string* parameterized_value::param(std::string_view name) const noexcept {
  for (const auto& [key, value] : params)
    if (key == name)
      return &value;
  return nullptr;
}

std::optional<parameterized_value> parse_parameterized(std::string_view text) {
  scanner in(text);
  parameterized_value result;
  in.skip_spaces();
  result.value = in.lower_token();
  if (result.value.empty())
    return std::nullopt;
  in.skip_spaces();
  while (!in.done()) {
    if (!in.consume(';'))
      return std::nullopt;
    in.skip_spaces();
    if (in.done())
      break; // a trailing ';' is tolerated
    auto name = in.lower_token();
    if (name.empty() || !in.consume('='))
      return std::nullopt;
    std::optional<std::string> value;
    if (in.consume('"'))
      value = in.quoted_rest();
    else
      value = in.token();
    if (!value)
      return std::nullopt;
    result.params.emplace_back(std::move(name), std::move(*value));
    in.skip_spaces();
  }
  return result;
}

bool is_media_type(std::string_view value) noexcept {
  auto slash = value.find('/');
  auto is_token = [](std::string_view part) {
    return !part.empty() && std::all_of(part.begin(), part.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    });
  };
  return slash != std::string_view::npos && is_token(value.substr(0, slash)) &&
         is_token(value.substr(slash + 1));
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    auto comma = if_none_match.find(',');
    auto candidate = trim_spaces(if_none_match.substr(0, comma));
    if (candidate.substr(0, 2) == "W/")
      candidate.remove_prefix(2);
    if (candidate == "*" || candidate == etag)
      return true;
    if (comma == std::string_view::npos)
      break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

} // namespace http_api
