#pragma once

// The body of an upload as it arrives, handed to the service's upload
// stream: the whole body, or the `image` field of a multipart/form-data
// form. No upload is ever held in memory whole. An upload refused from its
// head alone (bad parameters, unknown profile, overload) is refused at its
// first bytes, and its route answers for it.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "actors/model/byte_sink.hpp"
#include "actors/service/image_service.hpp"
#include "http/routes/multipart.hpp"

namespace http_api {

/// The form field that holds the image.
constexpr std::string_view upload_field = "image";
/// The form field that holds the upload's labels, one key:value a line.
constexpr std::string_view labels_field = "labels";

class upload_body final : public model::byte_sink {
public:
  /// The body of `upload` (its head checked) sent with `content_type` (the
  /// Content-Type header, or null), going to a stream the service opens.
  static std::shared_ptr<upload_body> open(actors::image_service& service,
                                           const actors::upload_request& upload,
                                           const std::string* content_type);

  /// A body refused before its first byte.
  static std::shared_ptr<upload_body> refused(model::problem why);

  /// The next bytes; a problem ends the upload (see finish()).
  model::status append(std::string_view bytes) override;

  /// The body ended: the stream that holds the image, or why the upload is
  /// refused (the first problem of its bytes, a form that does not end or
  /// has no image field, no bytes at all).
  model::outcome<std::shared_ptr<model::byte_sink>> finish();

  /// The labels_field of a form, once read; null when there is none.
  const std::string* form_labels() const;

private:
  upload_body() = default;
  model::status store(std::string_view image_bytes);

  std::shared_ptr<model::byte_sink> stream_;
  std::optional<form_field_reader> form_;
  std::uint64_t appended_ = 0;
  std::optional<model::problem> refusal_;
};

} // namespace http_api
