#include "http/openapi/record_schemas.hpp"

#include "actors/model/image_id.hpp"
#include "http/openapi/error_schemas.hpp"

namespace http_api::openapi {

namespace {

constexpr const char* sha256_pattern = "^[0-9a-f]{64}$";

// Refines a property the field list declared; throws nlohmann's
// out_of_range when the field is gone, so that a renamed field is noticed.
void refine(nlohmann::json& schemas, const char* record, const char* field,
            const nlohmann::json& more) {
  auto& property = schemas.at(record).at("properties").at(field);
  property.update(more);
}

} // namespace

nlohmann::json record_schemas() {
  record_schema_builder build;
  nlohmann::json schemas = {
      {record_schema_name<model::image_record>(), build.operator()<model::image_record>()},
      {record_schema_name<model::version_record>(), build.operator()<model::version_record>()},
      {record_schema_name<model::version_error>(), build.operator()<model::version_error>()},
      {record_schema_name<model::version_origin>(), build.operator()<model::version_origin>()},
      {record_schema_name<model::node_status>(), build.operator()<model::node_status>()},
      {record_schema_name<model::job_window>(), build.operator()<model::job_window>()},
  };
  refine(schemas, "Image", "id", {{"pattern", model::image_id_pattern}});
  refine(schemas, "Image", "sha256", {{"pattern", sha256_pattern}});
  refine(schemas, "Version", "sha256", {{"pattern", sha256_pattern}});
  refine(schemas, "Version", "version", {{"minimum", 1}});
  refine(schemas, "VersionOrigin", "image", {{"pattern", model::image_id_pattern}});
  refine(schemas, "VersionError", "code", {{"enum", error_code_names()}});
  return schemas;
}

} // namespace http_api::openapi
