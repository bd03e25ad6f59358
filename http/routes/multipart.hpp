#pragma once

// Just enough of multipart/form-data (RFC 7578, RFC 2046 section 5.1) to
// take one uploaded file out of a form as the form arrives: the file's
// bytes are handed on as they come, and only what could be the start of a
// delimiter, or one part's header block, is held back. Never reads outside
// its input; time is linear in the body's size.

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "actors/model/problem.hpp"

namespace http_api {

/// Upper bound on the header block of one part.
constexpr std::size_t max_part_header_bytes = 8192;
/// Upper bound on the content of a field kept in memory (kept()).
constexpr std::size_t max_kept_field_bytes = 8192;

class form_field_reader {
public:
  /// Receives the field's content, piece by piece; a problem it returns
  /// stops the reading.
  using consumer = std::function<model::status(std::string_view)>;

  /// A reader of a body whose boundary comes from `content_type` (the
  /// request's Content-Type header) that hands the content of the form field
  /// `field` to `out`, and keeps the content of the small fields named in
  /// `kept` (see kept()). Errors, invalid_request: Content-Type not
  /// multipart/form-data, a missing or invalid boundary.
  static model::outcome<form_field_reader> open(std::string_view content_type, std::string field,
                                                consumer out, std::vector<std::string> kept = {});

  /// The content of the kept field `name`, once read; null when the form
  /// has none (so far).
  const std::string* kept(std::string_view name) const;

  /// The next bytes of the body, split anywhere. Errors: those of the
  /// consumer, and invalid_request with a message saying what is malformed:
  /// a delimiter line, part headers malformed or longer than
  /// max_part_header_bytes, a part without a form-data Content-Disposition
  /// name, the field or a kept field present twice, a kept field longer
  /// than max_kept_field_bytes. After an error the reader must not be
  /// used.
  model::status feed(std::string_view bytes);

  /// The body ended. Errors, invalid_request: the body lacks the boundary
  /// or the closing delimiter, or the field.
  model::status finish() const;

private:
  enum class state { preamble, delimiter_line, part_headers, content, epilogue };

  form_field_reader(std::string delimiter, std::string field, consumer out,
                    std::vector<std::string> kept);

  // Parses pending_ from `pos` as far as it can; `pos` ends where the
  // unparsed bytes start.
  model::status advance(std::size_t& pos);

  std::string delimiter_; // CRLF "--" boundary
  std::string field_;
  consumer out_;
  std::vector<std::string> kept_names_;
  std::string pending_; // received, not yet parsed or handed on
  state state_ = state::preamble;
  std::map<std::string, std::string, std::less<>> kept_; // by name, as read
  std::string* keeping_ = nullptr;                       // the kept field being read
  bool in_field_ = false;
  bool found_ = false;
};

} // namespace http_api
