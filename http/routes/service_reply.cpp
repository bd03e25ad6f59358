#include "http/routes/service_reply.hpp"

#include <spdlog/spdlog.h>

#include "http/routes/query.hpp"
#include "http/routes/request_params.hpp"

namespace http_api {

http_response guarded_response(const std::function<http_response()>& build) noexcept {
  try {
    return build();
  } catch (const std::exception& e) {
    spdlog::error("building a response failed: {}", e.what());
  } catch (...) {
    spdlog::error("building a response failed with a non-standard exception");
  }
  try {
    return error_response(model::error_code::internal_error, "internal error");
  } catch (...) {
    http_response bare; // not even the error body could be built
    bare.status = 500;
    return bare;
  }
}

std::optional<std::string> image_id_or_answer(const http_request& request, const responder& respond,
                                              std::initializer_list<std::string_view> accepted) {
  auto id = image_id_param(request, 0);
  if (answer_if_failed(accept_only(request, accepted), respond) || answer_if_failed(id, respond))
    return std::nullopt;
  return std::move(*id);
}

std::optional<version_ref> version_ref_or_answer(const http_request& request,
                                                 const responder& respond,
                                                 std::initializer_list<std::string_view> accepted) {
  auto id = image_id_or_answer(request, respond, accepted);
  if (!id)
    return std::nullopt;
  auto number = version_param(request, 1);
  if (answer_if_failed(number, respond))
    return std::nullopt;
  return version_ref{std::move(*id), *number};
}

} // namespace http_api
