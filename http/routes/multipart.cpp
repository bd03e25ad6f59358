#include "http/routes/multipart.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <utility>

#include "http/ascii.hpp"
#include "http/routes/header_value.hpp"

namespace http_api {

namespace {

constexpr std::string_view crlf = "\r\n";

model::problem malformed(std::string message) {
  return model::make_problem(model::error_code::invalid_request,
                             "multipart/form-data: " + std::move(message));
}

// RFC 2046 bchars: 1 to 70 of them, not ending with a space.
bool is_valid_boundary(std::string_view boundary) {
  if (boundary.empty() || boundary.size() > 70 || boundary.back() == ' ')
    return false;
  for (char c : boundary) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && (c == '\0' || std::strchr("'()+_,-./:=? ", c) == nullptr))
      return false;
  }
  return true;
}

// The form-data name of a part from its header block (lines without the
// final empty line); nullopt when the block is malformed or names nothing.
std::optional<std::string> part_name(std::string_view headers) {
  std::optional<std::string> name;
  while (!headers.empty()) {
    auto end = headers.find(crlf);
    auto line = headers.substr(0, end);
    headers = end == std::string_view::npos ? std::string_view{} : headers.substr(end + 2);
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return std::nullopt;
    if (!equals_ignoring_case(line.substr(0, colon), "content-disposition"))
      continue;
    auto disposition = parse_parameterized(line.substr(colon + 1));
    if (!disposition || disposition->value != "form-data" || !disposition->param("name"))
      return std::nullopt;
    name = *disposition->param("name");
  }
  return name;
}

} // namespace

model::outcome<form_field_reader> form_field_reader::open(std::string_view content_type,
                                                          std::string field, consumer out,
                                                          std::vector<std::string> kept) {
  auto type = parse_parameterized(content_type);
  if (!type || type->value != "multipart/form-data")
    return malformed("Content-Type is not multipart/form-data");
  const std::string* boundary = type->param("boundary");
  if (!boundary)
    return malformed("Content-Type has no boundary parameter");
  if (!is_valid_boundary(*boundary))
    return malformed("the boundary must be 1 to 70 characters allowed by RFC 2046");
  return form_field_reader("\r\n--" + *boundary, std::move(field), std::move(out), std::move(kept));
}

const std::string* form_field_reader::kept(std::string_view name) const {
  auto found = kept_.find(name);
  return found == kept_.end() ? nullptr : &found->second;
}

form_field_reader::form_field_reader(std::string delimiter, std::string field, consumer out,
                                     std::vector<std::string> kept)
    : delimiter_(std::move(delimiter)), field_(std::move(field)), out_(std::move(out)),
      kept_names_(std::move(kept)),
      // The first delimiter opens the body or ends a preamble line: as if
      // the body followed a line break, every delimiter is CRLF "--" boundary.
      pending_(crlf) {}

model::status form_field_reader::feed(std::string_view bytes) {
  if (state_ == state::epilogue)
    return model::ok_status();
  pending_.append(bytes);
  std::size_t pos = 0;
  auto parsed = advance(pos);
  pending_.erase(0, pos);
  return parsed;
}

model::status form_field_reader::advance(std::size_t& pos) {
  // Bytes that may be the start of a delimiter cut by the end of the input.
  auto undecided = [&] { return std::min(pending_.size() - pos, delimiter_.size() - 1); };
  for (;;) {
    std::string_view rest = std::string_view(pending_).substr(pos);
    switch (state_) {
    case state::preamble: {
      auto found = rest.find(delimiter_);
      if (found == std::string_view::npos) {
        pos = pending_.size() - undecided();
        return model::ok_status();
      }
      pos += found + delimiter_.size();
      state_ = state::delimiter_line;
      break;
    }
    case state::delimiter_line: {
      if (rest.size() < 2)
        return model::ok_status();
      if (rest.substr(0, 2) == "--") {
        state_ = state::epilogue;
        pos = pending_.size();
        return model::ok_status();
      }
      // Transport padding (spaces and tabs) may end a delimiter line.
      auto end = rest.find_first_not_of(" \t");
      if (end == std::string_view::npos || rest.size() - end < 2) {
        if (rest.size() > max_part_header_bytes)
          return malformed("a boundary line is not followed by CRLF");
        return model::ok_status();
      }
      if (rest.substr(end, 2) != crlf)
        return malformed("a boundary line is not followed by CRLF");
      pos += end + 2;
      state_ = state::part_headers;
      break;
    }
    case state::part_headers: {
      if (rest.size() < 2)
        return model::ok_status();
      if (rest.substr(0, 2) == crlf)
        return malformed("a part has no headers");
      auto blank = rest.substr(0, max_part_header_bytes).find("\r\n\r\n");
      if (blank == std::string_view::npos) {
        if (rest.size() >= max_part_header_bytes)
          return malformed("part headers are unterminated or longer than " +
                           std::to_string(max_part_header_bytes) + " bytes");
        return model::ok_status();
      }
      auto name = part_name(rest.substr(0, blank));
      if (!name)
        return malformed("a part has no Content-Disposition: form-data with a name");
      in_field_ = *name == field_;
      if (in_field_ && found_)
        return malformed("the field \"" + field_ + "\" appears more than once");
      found_ = found_ || in_field_;
      keeping_ = nullptr;
      if (std::find(kept_names_.begin(), kept_names_.end(), *name) != kept_names_.end()) {
        if (kept_.count(*name) != 0)
          return malformed("the field \"" + *name + "\" appears more than once");
        keeping_ = &kept_[*name];
      }
      pos += blank + 4;
      state_ = state::content;
      break;
    }
    case state::content: {
      auto found = rest.find(delimiter_);
      auto length = found == std::string_view::npos ? rest.size() - undecided() : found;
      if (in_field_ && length > 0)
        if (auto handed = out_(rest.substr(0, length)); !handed)
          return handed;
      if (keeping_ != nullptr) {
        if (keeping_->size() + length > max_kept_field_bytes)
          return malformed("a field other than \"" + field_ + "\" is longer than " +
                           std::to_string(max_kept_field_bytes) + " bytes");
        keeping_->append(rest.substr(0, length));
      }
      pos += length;
      if (found == std::string_view::npos)
        return model::ok_status();
      pos += delimiter_.size();
      state_ = state::delimiter_line;
      break;
    }
    case state::epilogue:
      pos = pending_.size();
      return model::ok_status();
    }
  }
}

model::status form_field_reader::finish() const {
  if (state_ == state::preamble)
    return malformed("the body does not contain the boundary");
  if (state_ != state::epilogue)
    return malformed("the body ends without a closing boundary");
  if (!found_)
    return malformed("no field named \"" + field_ + "\"");
  return model::ok_status();
}

} // namespace http_api
