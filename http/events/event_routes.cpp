#include "http/events/event_routes.hpp"

#include <nlohmann/json.hpp>

#include "http/routes/query.hpp"
#include "http/routes/service_reply.hpp"
#include "http/views/error_response.hpp"

namespace events {

namespace {

using http_api::http_request;
using http_api::http_response;
using http_api::responder;

model::problem invalid(std::string message) {
  return model::make_problem(model::error_code::invalid_request, std::move(message));
}

// ?type=...&label=...: the types (all when none) and labels wanted.
model::outcome<model::event_filter> filter_of(const http_request& request) {
  if (auto accepted = http_api::accept_only(request, {"type", "label"}); !accepted)
    return accepted.error();
  model::event_filter filter;
  auto types = http_api::query_params(request, "type");
  if (!types)
    return types.error();
  for (const auto& name : *types) {
    auto type = model::parse_event_type(name);
    if (!type)
      return invalid("type must be image.created, version.done, version.failed or "
                     "image.deleted, got " +
                     http_api::quote_input(name));
    if (std::find(filter.types.begin(), filter.types.end(), *type) == filter.types.end())
      filter.types.push_back(*type);
  }
  if (filter.types.empty())
    filter.types = model::all_event_types();
  auto labels = http_api::query_params(request, "label");
  if (!labels)
    return labels.error();
  for (const auto& label : *labels)
    if (auto added = model::add_label(filter.labels, label); !added)
      return added.error();
  return filter;
}

// Whether `text` has the form of an event id ("0000000003-000000000042").
bool is_event_id(const std::string& text) {
  if (text.size() != 23 || text[10] != '-')
    return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (i != 10 && (text[i] < '0' || text[i] > '9'))
      return false;
  return true;
}

struct start_point {
  std::string after;  // the stream's first event follows this id
  std::string missed; // the Last-Event-ID whose successors are gone, if so
};

// Where the stream starts: after Last-Event-ID when it is within what the
// outbox keeps, else from now on (saying so when some were missed).
model::outcome<start_point> start_of(const http_request& request, storage::event_log& log) {
  auto newest = log.newest_event_id();
  if (!newest)
    return newest.error();
  const std::string* last = request.header("Last-Event-ID");
  if (last == nullptr || last->empty())
    return start_point{*newest, {}};
  if (!is_event_id(*last))
    return invalid("Last-Event-ID must be the id of an event, such as 0000000003-000000000042, "
                   "got " +
                   http_api::quote_input(*last));
  auto oldest = log.events_after("", 1);
  if (!oldest)
    return oldest.error();
  bool before_kept = !oldest->empty() && *last < oldest->front().id;
  bool unknown = *last > *newest;
  if (before_kept || unknown)
    return start_point{before_kept ? std::string() : *newest, *last};
  return start_point{*last, {}};
}

void stream_events(event_stream_hub& hub, storage::event_log& log, http_request& request,
                   const responder& respond) {
  auto filter = filter_of(request);
  if (http_api::answer_if_failed(filter, respond))
    return;
  auto start = start_of(request, log);
  if (http_api::answer_if_failed(start, respond))
    return;
  http_response response;
  response.with_header("Content-Type", "text/event-stream; charset=utf-8");
  response.with_header("Cache-Control", "no-store");
  // nginx would hold the events back in its buffer.
  response.with_header("X-Accel-Buffering", "no");
  // Sent at once, so that clients and proxies see the stream open.
  response.body = ": caf-node events\nretry: 2000\n\n";
  if (!start->missed.empty())
    response.body += "event: missed\ndata: " +
                     nlohmann::json({{"last_event_id", start->missed},
                                     {"message", "events after this id are no longer kept; the "
                                                 "stream goes on from the oldest kept"}})
                         .dump() +
                     "\n\n";
  response.stream_body = [&hub, filter = std::move(*filter),
                          after = start->after](std::shared_ptr<http_api::body_stream> stream) {
    hub.listen(std::move(stream), filter, after);
  };
  respond(std::move(response));
}

} // namespace

void add_event_routes(http_api::router& routes, event_stream_hub& hub, storage::event_log& log) {
  routes.add("GET", "/v1/events", [&hub, &log](http_request& request, const responder& respond) {
    stream_events(hub, log, request, respond);
  });
}

} // namespace events
