#include "http/request_parser.hpp"

#include "http/ascii.hpp"

namespace http_api {

namespace {

namespace Private = Pistache::Http::Private;

std::optional<std::string> raw_header(const Pistache::Http::Message& message, const char* name) {
  auto raw = message.headers().tryGetRaw(name);
  return raw ? std::optional<std::string>(raw->value()) : std::nullopt;
}

// Stands where Pistache's BodyStep stood and reports the same id, which the
// transport's body timeout keys on.
class body_step final : public Private::Step {
public:
  body_step(Pistache::Http::Request* request, request_parser& owner)
      : Step(request), owner_(owner) {}

  Private::StepId id() const override {
    return Private::BodyStep::Id;
  }

  Private::State apply(Pistache::StreamCursor& cursor) override {
    body_reader& reader = owner_.body() ? *owner_.body() : owner_.start_body();
    Pistache::StreamCursor::Token available(cursor);
    auto used = reader.consume({available.rawText(), cursor.remaining()});
    if (!used)
      throw request_refused(used.error());
    cursor.advance(*used);
    if (!reader.complete())
      return Private::State::Again;
    owner_.keep_unparsed({available.rawText() + *used, cursor.remaining()});
    return Private::State::Done;
  }

private:
  request_parser& owner_;
};

} // namespace

request_parser::request_parser(std::size_t max_buffered_bytes, std::size_t max_body_bytes)
    : base(max_buffered_bytes), input_(max_buffered_bytes), max_body_bytes_(max_body_bytes) {
  allSteps[2] = std::make_unique<body_step>(&request, *this);
}

void request_parser::reset() {
  base::reset();
  reader_.reset();
  unparsed_.clear();
  between_requests_ = true;
  head_checked_ = false;
  continue_sent_ = false;
}

void request_parser::begin_request() {
  base::reset();
  between_requests_ = false;
}

body_reader& request_parser::start_body() {
  auto length = raw_header(request, "Content-Length");
  auto coding = raw_header(request, "Transfer-Encoding");
  auto reader = body_reader::for_headers(length ? &*length : nullptr, coding ? &*coding : nullptr,
                                         max_body_bytes_);
  if (!reader)
    throw request_refused(reader.error());
  reader_.emplace(std::move(*reader));
  return *reader_;
}

bool request_parser::take_head_check_due() {
  if (head_checked_ || !reader_ || reader_->complete())
    return false;
  head_checked_ = true;
  return true;
}

bool request_parser::take_continue_due() {
  if (continue_sent_ || !reader_ || reader_->complete() || reader_->received() > 0 ||
      request.version() != Pistache::Http::Version::Http11)
    return false;
  auto expect = raw_header(request, "Expect");
  if (!expect || !equals_ignoring_case(trim_spaces(*expect), "100-continue"))
    return false;
  continue_sent_ = true;
  return true;
}

} // namespace http_api
