#include "http/routes/upload_body.hpp"

#include <utility>

#include "http/routes/header_value.hpp"

namespace http_api {

namespace {

model::problem no_image() {
  return model::make_problem(model::error_code::invalid_request,
                             "no image: send its bytes as the body or as the multipart/form-data "
                             "field \"" +
                                 std::string(upload_field) + "\"");
}

// Whether `content_type` (a header value, or null) is multipart/form-data.
bool is_multipart(const std::string* content_type) {
  if (!content_type)
    return false;
  auto type = parse_parameterized(*content_type);
  return type && type->value == "multipart/form-data";
}

} // namespace

std::shared_ptr<upload_body> upload_body::open(actors::image_service& service,
                                               const actors::upload_request& upload,
                                               const std::string* content_type) {
  std::shared_ptr<upload_body> body(new upload_body());
  if (is_multipart(content_type)) {
    // The reader lives in the body it hands the field to.
    auto form = form_field_reader::open(
        *content_type, std::string(upload_field),
        [raw = body.get()](std::string_view image_bytes) { return raw->store(image_bytes); },
        {std::string(labels_field)});
    if (!form)
      return refused(form.error());
    body->form_.emplace(std::move(*form));
  }
  auto stream = service.open_upload(upload);
  if (!stream)
    return refused(stream.error());
  body->stream_ = std::move(*stream);
  return body;
}

std::shared_ptr<upload_body> upload_body::refused(model::problem why) {
  std::shared_ptr<upload_body> body(new upload_body());
  body->refusal_ = std::move(why);
  return body;
}

model::status upload_body::append(std::string_view bytes) {
  if (!refusal_) {
    auto taken = form_ ? form_->feed(bytes) : store(bytes);
    if (!taken)
      refusal_ = taken.error();
  }
  if (refusal_)
    return *refusal_;
  return model::ok_status();
}

model::status upload_body::store(std::string_view image_bytes) {
  appended_ += image_bytes.size();
  return stream_->append(image_bytes);
}

const std::string* upload_body::form_labels() const {
  return form_ ? form_->kept(labels_field) : nullptr;
}

model::outcome<std::shared_ptr<model::byte_sink>> upload_body::finish() {
  if (refusal_)
    return *refusal_;
  if (form_)
    if (auto ended = form_->finish(); !ended)
      return ended.error();
  if (appended_ == 0)
    return no_image();
  return stream_;
}

} // namespace http_api
