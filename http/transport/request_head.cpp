#include "http/transport/request_head.hpp"

#include "http/ascii.hpp"

namespace http_api {

namespace {

model::problem malformed(const std::string& what) {
  return model::make_problem(model::error_code::invalid_request, "malformed request: " + what);
}

bool is_alpha(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

bool is_unreserved(char c) noexcept {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

bool is_sub_delim(char c) noexcept {
  return std::string_view("!$&'()*+,;=").find(c) != std::string_view::npos;
}

// RFC 3986's pchar and the '/' and '?' of paths and queries; '%' is checked
// by valid_uri_part with the two hex digits that must follow it.
bool is_path_or_query_char(char c) noexcept {
  return is_unreserved(c) || is_sub_delim(c) || c == ':' || c == '@' || c == '/' || c == '?';
}

bool is_reg_name_char(char c) noexcept {
  return is_unreserved(c) || is_sub_delim(c);
}

// Every character allowed by `allowed`, or a %-escape of two hex digits.
template<class Allowed>
bool valid_uri_part(std::string_view text, Allowed allowed) noexcept {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%') {
      if (i + 2 >= text.size() || hex_digit(text[i + 1]) < 0 || hex_digit(text[i + 2]) < 0)
        return false;
      i += 2;
    } else if (!allowed(text[i])) {
      return false;
    }
  }
  return true;
}

// RFC 9110 section 5.5: visible characters, obs-text, and spaces or tabs
// inside the value. NUL, CR, LF and the other controls are refused.
bool valid_field_value(std::string_view value) noexcept {
  for (char c : value) {
    auto byte = static_cast<unsigned char>(c);
    if (byte != '\t' && (byte < 0x20 || byte == 0x7f))
      return false;
  }
  return true;
}

// Host = uri-host [ ":" port ] (RFC 9110 section 7.2), the host an
// IP-literal in brackets, an IPv4 address or a reg-name.
bool valid_host(std::string_view host) noexcept {
  std::string_view name = host;
  std::string_view port;
  if (!host.empty() && host.front() == '[') {
    auto close = host.find(']');
    if (close == std::string_view::npos)
      return false;
    for (char c : host.substr(1, close - 1))
      if (!(hex_digit(c) >= 0 || c == ':' || c == '.' || c == 'v' || c == 'V' ||
            is_reg_name_char(c)))
        return false;
    auto rest = host.substr(close + 1);
    if (!rest.empty() && rest.front() != ':')
      return false;
    port = rest.empty() ? rest : rest.substr(1);
    name = std::string_view();
  } else if (auto colon = host.rfind(':'); colon != std::string_view::npos) {
    name = host.substr(0, colon);
    port = host.substr(colon + 1);
  }
  for (char c : port)
    if (!is_digit(c))
      return false;
  return valid_uri_part(name, is_reg_name_char);
}

// Splits `target` into path and query; false when it is not a valid
// origin-form.
bool split_origin_form(std::string_view target, request_head& head) {
  if (target.empty() || target.front() != '/' || !valid_uri_part(target, is_path_or_query_char))
    return false;
  auto question = target.find('?');
  head.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos)
    head.query = std::string(target.substr(question + 1));
  return true;
}

// absolute-form (RFC 9112 section 3.2.2), which a server must accept: an
// http or https URI without userinfo. The Host field is then ignored for
// the target (RFC 9112 section 3.2.2), but still required and checked.
bool split_absolute_form(std::string_view target, request_head& head) {
  auto separator = target.find("://");
  if (separator == std::string_view::npos)
    return false;
  auto scheme = target.substr(0, separator);
  if (!equals_ignoring_case(scheme, "http") && !equals_ignoring_case(scheme, "https"))
    return false;
  auto rest = target.substr(separator + 3);
  auto path_start = rest.find_first_of("/?");
  auto authority = rest.substr(0, path_start);
  if (authority.empty() || authority.find('@') != std::string_view::npos || !valid_host(authority))
    return false;
  if (path_start == std::string_view::npos) {
    head.path = "/";
    return true;
  }
  std::string origin = std::string(rest.substr(path_start));
  if (origin.front() == '?')
    origin.insert(0, "/");
  return split_origin_form(origin, head);
}

model::status read_request_line(std::string_view line, request_head& head) {
  if (line.size() > max_request_line_bytes)
    return model::make_problem(model::error_code::uri_too_long,
                               "the request line is longer than " +
                                   std::to_string(max_request_line_bytes) + " bytes");
  auto first_space = line.find(' ');
  auto last_space = line.rfind(' ');
  if (first_space == std::string_view::npos || first_space == last_space)
    return malformed("the request line must be METHOD SP TARGET SP HTTP-VERSION");
  auto method = line.substr(0, first_space);
  auto target = line.substr(first_space + 1, last_space - first_space - 1);
  auto version = line.substr(last_space + 1);
  if (method.empty())
    return malformed("the request line must start with a method");
  for (char c : method)
    if (!is_token_char(c))
      return malformed("the method is not a token");
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || !is_digit(version[5]) ||
      version[6] != '.' || !is_digit(version[7]))
    return malformed("the request line must end with HTTP/1.1 or HTTP/1.0");
  if (version[5] != '1')
    return model::make_problem(model::error_code::version_not_supported,
                               "only HTTP/1.0 and HTTP/1.1 are supported");
  head.method = std::string(method);
  head.target = std::string(target);
  head.minor_version = version[7] == '0' ? 0 : 1;

  if (method == "CONNECT")
    return model::make_problem(model::error_code::not_implemented,
                               "CONNECT is not supported: this server is not a proxy");
  if (target == "*") {
    if (method != "OPTIONS")
      return malformed("the target \"*\" is only for OPTIONS");
    head.path = "*";
    return model::ok_status();
  }
  if (!split_origin_form(target, head) && !split_absolute_form(target, head))
    return malformed("the request target is not a valid path or absolute URI");
  return model::ok_status();
}

model::status read_field_line(std::string_view line, request_head& head) {
  if (line.front() == ' ' || line.front() == '\t')
    return malformed(head.fields.empty()
                         ? "whitespace before the first header field"
                         : "obsolete line folding (a header field continued on the next line)");
  auto colon = line.find(':');
  if (colon == std::string_view::npos)
    return malformed("a header field line has no colon");
  auto name = line.substr(0, colon);
  if (name.empty())
    return malformed("a header field has an empty name");
  if (name.back() == ' ' || name.back() == '\t')
    return malformed("whitespace between a header field name and its colon");
  for (char c : name)
    if (!is_token_char(c))
      return malformed("a header field name is not a token");
  auto value = trim_spaces(line.substr(colon + 1));
  if (!valid_field_value(value))
    return malformed("header field " + std::string(name) + " has a control character");
  head.fields.push_back({std::string(name), std::string(value)});
  return model::ok_status();
}

model::status check_host(const request_head& head) {
  std::size_t hosts = 0;
  const std::string* host = nullptr;
  for (const auto& field : head.fields)
    if (equals_ignoring_case(field.name, "Host")) {
      ++hosts;
      host = &field.value;
    }
  if (hosts > 1)
    return malformed("more than one Host header field");
  if (hosts == 0 && head.minor_version >= 1)
    return malformed("an HTTP/1.1 request must have a Host header field");
  if (host && !valid_host(*host))
    return malformed("the Host header field is not a valid host[:port]");
  return model::ok_status();
}

} // namespace

const std::string* request_head::field(std::string_view name) const noexcept {
  for (const auto& entry : fields)
    if (equals_ignoring_case(entry.name, name))
      return &entry.value;
  return nullptr;
}

std::optional<std::string> request_head::combined(std::string_view name) const {
  std::optional<std::string> joined;
  for (const auto& entry : fields) {
    if (!equals_ignoring_case(entry.name, name))
      continue;
    if (joined)
      *joined += ", " + entry.value;
    else
      joined = entry.value;
  }
  return joined;
}

bool is_token_char(char c) noexcept {
  return is_alpha(c) || is_digit(c) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::optional<std::size_t> find_head_end(std::string_view bytes, std::size_t searched) noexcept {
  // A line feed followed by an empty line (CRLF or LF) ends the head. The
  // search resumes a little before where the last one stopped, since the
  // terminator may straddle two arrivals.
  std::size_t from = searched > 2 ? searched - 2 : 0;
  for (auto newline = bytes.find('\n', from); newline != std::string_view::npos;
       newline = bytes.find('\n', newline + 1)) {
    if (newline + 1 < bytes.size() && bytes[newline + 1] == '\n')
      return newline + 2;
    if (newline + 2 < bytes.size() && bytes[newline + 1] == '\r' && bytes[newline + 2] == '\n')
      return newline + 3;
  }
  return std::nullopt;
}

model::outcome<request_head> parse_request_head(std::string_view bytes) {
  request_head head;
  bool first = true;
  while (!bytes.empty()) {
    auto newline = bytes.find('\n');
    if (newline == std::string_view::npos)
      return malformed("the head does not end with an empty line");
    auto line = bytes.substr(0, newline);
    bytes.remove_prefix(newline + 1);
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    if (line.find('\r') != std::string_view::npos)
      return malformed("a bare CR in the head");
    if (line.empty()) {
      if (first)
        return malformed("the request line is empty");
      break;
    }
    auto read = first ? read_request_line(line, head) : read_field_line(line, head);
    if (!read)
      return read.error();
    first = false;
  }
  if (first)
    return malformed("the request line is empty");
  if (auto host = check_host(head); !host)
    return host.error();
  return head;
}

} // namespace http_api
