#include <algorithm>

#include <nlohmann/json.hpp>

#include "actors/model/measurements.hpp"
#include "http/routes/routes.hpp"
#include "http/routes/service_reply.hpp"
#include "http/views/error_response.hpp"
#include "http/views/json_response.hpp"

namespace http_api {

namespace {

using nlohmann::json;

model::problem not_measured(const std::string& what, const std::string& how) {
  return model::make_problem(model::error_code::not_found,
                             what + " has no measurements; " + how + " measures it");
}

// The stored measurements with the image and version they belong to.
json stats_json(const std::string& id, const model::version_record& version) {
  json body = json::parse(version.output.stats);
  body["image"] = id;
  body["version"] = version.number;
  return body;
}

void get_version_stats(actors::image_service& service, http_request& request,
                       const responder& respond) {
  auto version = version_ref_or_answer(request, respond);
  if (!version)
    return;
  service.get_version(
      version->image_id, version->number,
      reply_with<model::version_record>(
          respond, [id = version->image_id](model::version_record v) -> http_response {
            auto where = "version " + std::to_string(v.number) + " of " + id;
            if (v.status == model::version_status::failed)
              return error_response(
                  {model::error_code::version_failed, where + " failed: " + v.error.message});
            if (v.status != model::version_status::done)
              return error_response(
                  {model::error_code::version_not_ready, where + " is " + to_string(v.status)});
            if (v.output.stats.empty())
              return error_response(not_measured(where, "the command \"stats\" with base " +
                                                            std::to_string(v.number)));
            return json_response(200, stats_json(id, v));
          }));
}

// The original's measurements: those of the newest done version that
// measured the original before any operation.
void get_original_stats(actors::image_service& service, http_request& request,
                        const responder& respond) {
  auto id = image_id_or_answer(request, respond);
  if (!id)
    return;
  service.get_image(
      *id, reply_with<model::image_record>(respond, [](model::image_record image) -> http_response {
        const auto& versions = image.versions;
        auto found = std::find_if(versions.rbegin(), versions.rend(), [](const auto& v) {
          return v.status == model::version_status::done && v.source == 0 &&
                 model::measured_before_operations(v.output.stats);
        });
        if (found == versions.rend())
          return error_response(not_measured("the original of " + image.id,
                                             "the command \"stats\" with base original"));
        return json_response(200, stats_json(image.id, *found));
      }));
}

} // namespace

void add_stats_routes(router& routes, actors::image_service& service) {
  routes.add("GET", "/v1/images/{id}/stats", with_service(service, get_original_stats));
  routes.add("GET", "/v1/images/{id}/versions/{n}/stats", with_service(service, get_version_stats));
}

} // namespace http_api
