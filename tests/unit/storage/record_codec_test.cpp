#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "storage/record_codec.hpp"
#include "tests/unit/storage/store_fixture.hpp"

using namespace storage_test;

BOOST_AUTO_TEST_SUITE(record_codec)

BOOST_AUTO_TEST_CASE(image_round_trip_keeps_every_field_but_versions) {
  auto image = sample_image(next_id(), 12'345'678'901ull);
  auto decoded = storage::decode_image(storage::encode_image(image));
  BOOST_REQUIRE(decoded.ok());
  check_same_image(*decoded, image);

  image.versions.push_back(sample_version(1, model::version_status::queued));
  BOOST_TEST(storage::decode_image(storage::encode_image(image))->versions.empty());
}

BOOST_AUTO_TEST_CASE(version_round_trip_keeps_every_field_in_every_status) {
  for (auto status : {model::version_status::queued, model::version_status::running,
                      model::version_status::done, model::version_status::failed}) {
    auto version = sample_version(4'000'000'000u, status, 9'000'000'000ull);
    version.command.base = model::base_original;
    version.command.ops.push_back({"rotate", {"-90"}});
    auto decoded = storage::decode_version(storage::encode_version(version));
    BOOST_REQUIRE(decoded.ok());
    check_same_version(*decoded, version);
  }
}

BOOST_AUTO_TEST_CASE(records_are_compact_json_with_schema_version_and_status_by_name) {
  auto text = storage::encode_version(sample_version(1, model::version_status::running));
  BOOST_TEST(text.find('\n') == std::string::npos);
  auto record = nlohmann::json::parse(text);
  BOOST_TEST(record.at("v").get<int>() == storage::record_schema_version);
  BOOST_TEST(record.at("status").get<std::string>() == "running");
  BOOST_TEST(record.at("command").at("ops").at(0).dump() ==
             R"({"args":["320","240"],"name":"resize"})");
}

// Stores written before the version's command, output and error became
// objects are read as they are.
BOOST_AUTO_TEST_CASE(schema_1_versions_are_still_read) {
  auto decoded = storage::decode_version(
      R"({"v":1,"number":3,"status":"done","base":-1,"source":2,)"
      R"("ops":[{"name":"resize","args":["320","240"]}],"created_ms":1700000001000,)"
      R"("started_ms":1700000001500,"finished_ms":1700000002000,"attempts":1,)"
      R"("submitted_by":"line-3","format":"PNG","width":320,"height":240,"bytes":1234,)"
      R"("sha256":"bb","took_ms":412,"node":"worker-1","error_code":"","error":""})");
  BOOST_REQUIRE(decoded.ok());
  BOOST_TEST(decoded->number == 3u);
  BOOST_TEST(decoded->command.base == model::base_latest);
  BOOST_TEST(decoded->command.ops.at(0).name == "resize");
  BOOST_TEST(decoded->output.format == "PNG");
  BOOST_TEST(decoded->output.bytes == 1234u);
  BOOST_TEST(decoded->output.node == "worker-1");
  BOOST_TEST(!decoded->error.present());
}

BOOST_AUTO_TEST_CASE(images_stored_before_labels_have_none) {
  auto record = nlohmann::json::parse(storage::encode_image(sample_image(next_id(), 5)));
  BOOST_TEST(record.at("labels") == nlohmann::json({{"line", "3"}, {"note", "Prüfung ✓"}}));
  record.erase("labels");
  auto decoded = storage::decode_image(record.dump());
  BOOST_REQUIRE(decoded.ok());
  BOOST_TEST(decoded->labels.empty());
  BOOST_TEST(decoded->uploaded_by == "camera-7");
}

BOOST_AUTO_TEST_CASE(claim_round_trip_keeps_every_field) {
  storage::claim_record claim{next_id(), 4'000'000'000u, 9'000'000'000'000};
  auto decoded = storage::decode_claim(storage::encode_claim(claim));
  BOOST_REQUIRE(decoded.ok());
  BOOST_TEST(decoded->image == claim.image);
  BOOST_TEST(decoded->version == claim.version);
  BOOST_TEST(decoded->expires_ms == claim.expires_ms);
  check_problem(storage::decode_claim(R"({"v":1,"image":"x","version":0})"),
                model::error_code::internal_error, "stored claim record is corrupt");
}

BOOST_AUTO_TEST_CASE(values_that_are_not_records_are_reported_corrupt) {
  auto version = nlohmann::json::parse(
      storage::encode_version(sample_version(1, model::version_status::queued)));
  auto without_node = version;
  without_node["output"].erase("node");
  auto future_schema = version;
  future_schema["v"] = storage::record_schema_version + 1;
  auto unknown_status = version;
  unknown_status["status"] = "paused";
  auto mistyped = version;
  mistyped["output"]["width"] = "wide";

  check_problem(storage::decode_version("{not json"), model::error_code::internal_error,
                "stored version record is corrupt");
  check_problem(storage::decode_version(without_node.dump()), model::error_code::internal_error,
                "node");
  check_problem(storage::decode_version(future_schema.dump()), model::error_code::internal_error,
                "unsupported schema version " + std::to_string(storage::record_schema_version + 1));
  check_problem(storage::decode_version(unknown_status.dump()), model::error_code::internal_error,
                "unknown version status \"paused\"");
  check_problem(storage::decode_version(mistyped.dump()), model::error_code::internal_error);
  check_problem(storage::decode_image(R"({"v":1})"), model::error_code::internal_error,
                "stored image record is corrupt");
}

BOOST_AUTO_TEST_SUITE_END()
