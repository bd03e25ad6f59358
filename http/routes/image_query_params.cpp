#include "http/routes/image_query_params.hpp"

#include <charconv>
#include <cmath>

#include "actors/model/clock.hpp"
#include "actors/model/image_id.hpp"
#include "http/routes/query.hpp"
#include "http/routes/request_params.hpp"

namespace http_api {

namespace {

model::problem invalid(std::string message) {
  return model::make_problem(model::error_code::invalid_request, std::move(message));
}

// A name to match (uploaded_by, profile): absent is empty, given is not.
model::outcome<std::string> name_param(const http_request& request, std::string_view name) {
  auto value = query_param(request, name);
  if (!value)
    return value.error();
  if (*value && (*value)->empty())
    return invalid(std::string(name) + " must not be empty");
  return value->value_or("");
}

// An RFC 3339 time whose offset sign is '+' arrives as a space when the
// client did not escape it: query strings decode '+' as a space, where
// RFC 3986 leaves it a '+'. Nothing else can stand at that place.
std::string restore_offset_sign(std::string text) {
  constexpr std::size_t offset_length = 6; // "+hh:mm"
  if (text.size() > offset_length && text[text.size() - offset_length] == ' ' &&
      text[text.size() - 3] == ':')
    text[text.size() - offset_length] = '+';
  return text;
}

// ?since= / ?until=: the first image id of the time (or the id) given;
// empty when absent.
model::outcome<std::string> time_bound_param(const http_request& request, std::string_view name) {
  auto value = query_param(request, name);
  if (!value)
    return value.error();
  if (!*value)
    return std::string();
  auto id = model::canonical_image_id(**value);
  if (model::is_valid_image_id(id))
    return id;
  if (auto ms = model::parse_rfc3339(restore_offset_sign(**value)))
    return model::first_image_id_at(*ms);
  return invalid(std::string(name) +
                 " must be an RFC 3339 time (2026-12-06T14:00:00Z, 2026-12-06T15:00:00%2B01:00) "
                 "or an image id, got " +
                 quote_input(**value));
}

// ?focus_below=: a decimal number, at least 0 (focus scores are variances).
model::outcome<std::optional<double>> focus_bound_param(const http_request& request) {
  auto value = query_param(request, "focus_below");
  if (!value)
    return value.error();
  if (!*value)
    return std::optional<double>();
  const std::string& text = **value;
  double bound = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), bound, std::chars_format::fixed);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || bound < 0 ||
      !std::isfinite(bound))
    return invalid("focus_below must be a decimal number of at least 0 (e.g. 100 or 12.5), got " +
                   quote_input(text));
  return std::optional<double>(bound);
}

} // namespace

model::outcome<model::image_query> image_query_params(const http_request& request) {
  if (auto accepted = accept_only(request, {"limit", "before", "label", "uploaded_by", "profile",
                                            "status", "since", "until", "focus_below"});
      !accepted)
    return accepted.error();
  model::image_query query;
  auto labels = query_params(request, "label");
  if (!labels)
    return labels.error();
  for (const auto& label : *labels)
    if (auto added = model::add_label(query.labels, label); !added)
      return added.error();
  auto uploaded_by = name_param(request, "uploaded_by");
  if (!uploaded_by)
    return uploaded_by.error();
  query.uploaded_by = std::move(*uploaded_by);
  auto profile = name_param(request, "profile");
  if (!profile)
    return profile.error();
  query.profile = std::move(*profile);
  auto status = query_param(request, "status");
  if (!status)
    return status.error();
  if (*status) {
    auto outcome = model::parse_image_outcome(**status);
    if (!outcome)
      return invalid("status must be pending, done or failed, got " + quote_input(**status));
    query.status = *outcome;
  }
  auto focus_below = focus_bound_param(request);
  if (!focus_below)
    return focus_below.error();
  query.focus_below = *focus_below;
  auto since = time_bound_param(request, "since");
  if (!since)
    return since.error();
  auto until = time_bound_param(request, "until");
  if (!until)
    return until.error();
  if (!since->empty() && !until->empty() && *since >= *until)
    return invalid("since must come before until: the range is from since (included) to until "
                   "(excluded)");
  query.since = std::move(*since);
  query.until = std::move(*until);
  auto limit = page_limit_param(request);
  if (!limit)
    return limit.error();
  query.limit = static_cast<std::uint32_t>(*limit);
  auto before = page_cursor_param(request);
  if (!before)
    return before.error();
  query.before = std::move(*before);
  return query;
}

} // namespace http_api
