#include "http/transport/body_reader.hpp"

#include <algorithm>

#include "http/ascii.hpp"

namespace http_api {

namespace {

model::problem bad_framing(std::string message) {
  return model::make_problem(model::error_code::invalid_request, std::move(message));
}

model::problem too_large(std::size_t max_body_bytes) {
  return model::make_problem(model::error_code::payload_too_large,
                             "the request body exceeds the limit of " +
                                 std::to_string(max_body_bytes) + " bytes");
}

// value = value * base + digit, unless that would exceed `limit`: the limit
// check doubles as the overflow guard.
bool append_digit(std::uint64_t& value, unsigned base, unsigned digit, std::uint64_t limit) {
  if (value > limit / base)
    return false;
  value *= base;
  if (digit > limit - value)
    return false;
  value += digit;
  return true;
}

} // namespace

model::outcome<body_reader> body_reader::for_framing(const body_framing& framing,
                                                     std::size_t max_body_bytes) {
  switch (framing.delimited_by) {
  case body_framing::kind::none:
    return body_reader(state::complete, 0, max_body_bytes);
  case body_framing::kind::chunked:
    return body_reader(state::chunk_size, 0, max_body_bytes);
  case body_framing::kind::length:
    break;
  }
  if (framing.length > max_body_bytes)
    return too_large(max_body_bytes);
  return body_reader(framing.length == 0 ? state::complete : state::fixed, framing.length,
                     max_body_bytes);
}

model::outcome<std::size_t> body_reader::consume(std::string_view input) {
  std::size_t used = 0;
  while (used < input.size() && state_ != state::complete) {
    auto rest = input.substr(used);
    switch (state_) {
    case state::fixed:
    case state::chunk_data: {
      auto count = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, rest.size()));
      auto piece = rest.substr(0, count);
      if (sink_) {
        if (auto written = sink_->append(piece); !written) {
          refused_by_sink_ = true;
          return written.error();
        }
      } else {
        // A declared length (at most the limit) is made room for once its
        // first bytes arrive: growing by doubling held up to twice a large
        // upload at once and copied it on each step. Pages are resident
        // only once written, so a client that stops sending pins little.
        if (state_ == state::fixed && body_.empty())
          body_.reserve(static_cast<std::size_t>(remaining_));
        body_.append(piece);
      }
      received_ += count;
      used += count;
      remaining_ -= count;
      if (remaining_ == 0)
        state_ = state_ == state::fixed ? state::complete : state::chunk_data_end;
      break;
    }
    case state::chunk_data_end: {
      char expected = line_.empty() ? '\r' : '\n';
      if (rest.front() != expected)
        return bad_framing("chunk data is not followed by CRLF");
      ++used;
      line_ += expected;
      if (line_.size() == 2) {
        line_.clear();
        state_ = state::chunk_size;
      }
      break;
    }
    case state::chunk_size:
    case state::trailer: {
      auto newline = rest.find('\n');
      auto take = newline == std::string_view::npos ? rest.size() : newline + 1;
      if (line_.size() + take > max_chunk_line_bytes)
        return bad_framing("a chunk size or trailer line is longer than " +
                           std::to_string(max_chunk_line_bytes) + " bytes");
      line_.append(rest.data(), take);
      used += take;
      if (newline == std::string_view::npos)
        break;
      auto finished =
          state_ == state::chunk_size ? finish_chunk_size_line() : finish_trailer_line();
      if (!finished)
        return finished.error();
      line_.clear();
      break;
    }
    case state::complete:
      break;
    }
  }
  return used;
}

model::status body_reader::finish_chunk_size_line() {
  std::string_view line = line_;
  if (line.size() < 2 || line[line.size() - 2] != '\r')
    return bad_framing("a chunk size line does not end with CRLF");
  line.remove_suffix(2);
  std::size_t digits = 0;
  std::uint64_t size = 0;
  const std::uint64_t room = max_body_bytes_ - received_;
  for (; digits < line.size() && hex_digit(line[digits]) >= 0; ++digits)
    if (!append_digit(size, 16, static_cast<unsigned>(hex_digit(line[digits])), room))
      return too_large(max_body_bytes_);
  auto extension = trim_spaces(line.substr(digits));
  if (digits == 0 || (!extension.empty() && extension.front() != ';'))
    return bad_framing("malformed chunk size line");
  remaining_ = size;
  state_ = size == 0 ? state::trailer : state::chunk_data;
  return model::ok_status();
}

model::status body_reader::finish_trailer_line() {
  if (line_ == "\r\n") {
    state_ = state::complete;
    return model::ok_status();
  }
  trailer_bytes_ += line_.size();
  if (trailer_bytes_ > max_trailer_bytes)
    return bad_framing("the chunked trailer is longer than " + std::to_string(max_trailer_bytes) +
                       " bytes");
  if (line_.size() < 2 || line_[line_.size() - 2] != '\r')
    return bad_framing("a trailer line does not end with CRLF");
  return model::ok_status();
}

} // namespace http_api
