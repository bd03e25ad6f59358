#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cctype>
#include <string>

#include "actors/model/clock.hpp"
#include "actors/model/digest.hpp"
#include "actors/model/image_id.hpp"
#include "tests/unit/http/server_fixture.hpp"

namespace {

using http_test::sample_png;
using test_support::http_reply;

std::string error_code_of(const http_reply& reply) {
  return reply.json()["error"]["code"];
}

const std::string absent_id = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

} // namespace

BOOST_FIXTURE_TEST_SUITE(api, http_test::server_fixture)

BOOST_AUTO_TEST_CASE(health_answers_ok_as_json) {
  auto reply = client.get("/health");
  BOOST_TEST(reply.status == 200);
  BOOST_TEST(reply.header("Content-Type") == "application/json");
  BOOST_TEST(reply.json() == nlohmann::json({{"status", "ok"}}));
}

BOOST_AUTO_TEST_CASE(raw_upload_answers_201_with_location_and_the_image) {
  auto reply = client.post("/v1/images", sample_png(), "image/png");
  BOOST_TEST_REQUIRE(reply.status == 201);
  auto image = reply.json();
  std::string id = image["id"];
  BOOST_TEST(model::is_valid_image_id(id));
  BOOST_TEST(reply.header("Location") == "/v1/images/" + id);
  BOOST_TEST(image["format"] == "PNG");
  BOOST_TEST(image["width"] == 64);
  BOOST_TEST(image["height"] == 48);
  BOOST_TEST(image["bytes"] == sample_png().size());
  BOOST_TEST(image["sha256"] == model::sha256_hex(sample_png()));
  std::string created = image["created"];
  BOOST_TEST(created.size() == 24u);
  BOOST_TEST(created.back() == 'Z');
  BOOST_TEST(image["profile"].is_null());
  BOOST_TEST(image["versions"] == nlohmann::json::array());
  BOOST_TEST(service.last_upload_bytes() == sample_png());
}

BOOST_AUTO_TEST_CASE(multipart_upload_takes_the_image_field) {
  auto reply = client.post_file_field("/v1/images", "image", sample_png());
  BOOST_TEST_REQUIRE(reply.status == 201);
  BOOST_TEST(service.last_upload_bytes() == sample_png());

  auto wrong_field = client.post_file_field("/v1/images", "file", sample_png());
  BOOST_TEST(wrong_field.status == 400);
  BOOST_TEST(error_code_of(wrong_field) == "invalid_request");
  BOOST_TEST(wrong_field.json()["error"]["message"].get<std::string>().find("\"image\"") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(labels_come_from_the_query_and_from_a_form_field) {
  auto raw = client.post("/v1/images?label=line:3&label=station%3A7", sample_png(), "image/png");
  BOOST_TEST_REQUIRE(raw.status == 201, raw.body);
  BOOST_TEST(raw.json()["labels"] == nlohmann::json({{"line", "3"}, {"station", "7"}}));
  BOOST_TEST(service.last_upload()->labels.size() == 2u);

  // The labels field may follow the image: it is kept as the form arrives.
  std::string form = "--B\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n"
                     "Content-Type: image/png\r\n\r\n" +
                     sample_png() +
                     "\r\n--B\r\nContent-Disposition: form-data; name=\"labels\"\r\n\r\n"
                     "line:4\r\nshift:night\nnote:Prüfung ✓\r\n\r\n--B--\r\n";
  auto formed = client.post("/v1/images?label=camera:c-1", form, "multipart/form-data; boundary=B");
  BOOST_TEST_REQUIRE(formed.status == 201, formed.body);
  BOOST_TEST(formed.json()["labels"] ==
             nlohmann::json(
                 {{"camera", "c-1"}, {"line", "4"}, {"note", "Prüfung ✓"}, {"shift", "night"}}));
  BOOST_TEST(service.last_upload_bytes() == sample_png());

  auto no_labels = client.post("/v1/images", sample_png(), "image/png");
  BOOST_TEST(no_labels.json()["labels"] == nlohmann::json::object());
}

BOOST_AUTO_TEST_CASE(malformed_labels_are_400_and_store_nothing) {
  auto uploads = service.opened_uploads();
  for (const char* query : {"?label=Line:3", "?label=line3", "?label=line:3&label=line:4",
                            "?label=line:%00", "?label=line:%FF"}) {
    auto reply = client.post(std::string("/v1/images") + query, sample_png(), "image/png");
    BOOST_TEST(reply.status == 400, query);
    BOOST_TEST(error_code_of(reply) == "invalid_request", query);
    BOOST_TEST(reply.json()["error"]["message"].get<std::string>().find("label") !=
                   std::string::npos,
               query);
  }
  BOOST_TEST(service.opened_uploads() == uploads); // refused from the head alone
  std::string form = "--B\r\nContent-Disposition: form-data; name=\"labels\"\r\n\r\nnocolon"
                     "\r\n--B\r\nContent-Disposition: form-data; name=\"image\"\r\n\r\n" +
                     sample_png() + "\r\n--B--\r\n";
  auto formed = client.post("/v1/images", form, "multipart/form-data; boundary=B");
  BOOST_TEST(formed.status == 400);
  BOOST_TEST(!service.last_upload());
}

BOOST_AUTO_TEST_CASE(upload_with_a_profile_and_an_idempotency_key) {
  test_support::request_options options;
  options.headers = {"Idempotency-Key: upload-1"};
  auto reply = client.post("/v1/images?profile=thumbnail", sample_png(), "image/png", options);
  BOOST_TEST(reply.status == 201);
  BOOST_TEST(reply.json()["profile"] == "thumbnail");
  BOOST_TEST(service.last_upload()->profile == "thumbnail");
  BOOST_TEST(service.last_upload()->idempotency_key == "upload-1");

  auto unknown = client.post("/v1/images?profile=nope", sample_png(), "image/png");
  BOOST_TEST(unknown.status == 400);
  BOOST_TEST(error_code_of(unknown) == "unknown_profile");
}

BOOST_AUTO_TEST_CASE(bad_uploads_get_their_own_codes) {
  struct expectation {
    std::string path, body;
    int status;
    std::string code;
  };
  std::string truncated = sample_png().substr(0, sample_png().size() / 2);
  const expectation cases[] = {
      {"/v1/images", "", 400, "invalid_request"},
      {"/v1/images?profile=", sample_png(), 400, "invalid_request"},
      {"/v1/images?size=big", sample_png(), 400, "invalid_request"},
      {"/v1/images?profile=%zz", sample_png(), 400, "invalid_request"},
      {"/v1/images", "just some text, not an image", 415, "unsupported_media_type"},
      {"/v1/images", truncated, 422, "corrupt_image"},
  };
  for (const auto& c : cases) {
    auto reply = client.post(c.path, c.body, "application/octet-stream");
    BOOST_TEST(reply.status == c.status, c.path);
    BOOST_TEST(error_code_of(reply) == c.code, c.path);
  }
}

BOOST_AUTO_TEST_CASE(listing_pages_newest_first) {
  auto first = upload_sample();
  auto second = upload_sample();
  auto third = upload_sample();
  auto page = client.get("/v1/images?limit=2").json();
  BOOST_TEST_REQUIRE(page["images"].size() == 2u);
  BOOST_TEST(page["images"][0]["id"] == third);
  BOOST_TEST(page["images"][1]["id"] == second);
  BOOST_TEST(page["next"] == second);

  auto rest = client.get("/v1/images?limit=2&before=" + second).json();
  BOOST_TEST_REQUIRE(rest["images"].size() == 1u);
  BOOST_TEST(rest["images"][0]["id"] == first);
  BOOST_TEST(rest["next"].is_null());
  BOOST_TEST(client.get("/v1/images").json()["images"].size() == 3u);
}

BOOST_AUTO_TEST_CASE(listing_takes_every_condition_of_a_query) {
  auto reply = client.get("/v1/images?label=line:3&label=station%3A7&uploaded_by=camera-1"
                          "&profile=thumbnail&status=done&since=2026-12-06T06:00:00Z"
                          "&until=2026-12-06T15:00:00+01:00&limit=5&before=" +
                          absent_id);
  BOOST_TEST_REQUIRE(reply.status == 200);
  auto query = service.last_query();
  BOOST_REQUIRE(query.has_value());
  BOOST_TEST((query->labels == model::label_set{{"line", "3"}, {"station", "7"}}));
  BOOST_TEST(query->uploaded_by == "camera-1");
  BOOST_TEST(query->profile == "thumbnail");
  BOOST_TEST(query->status == model::image_outcome::done);
  // Times become the first id of their millisecond; '+' sent unescaped
  // arrives as a space and is read as the offset's sign.
  BOOST_TEST(query->since ==
             model::first_image_id_at(*model::parse_rfc3339("2026-12-06T06:00:00Z")));
  BOOST_TEST(query->until ==
             model::first_image_id_at(*model::parse_rfc3339("2026-12-06T14:00:00Z")));
  BOOST_TEST(query->limit == 5u);
  BOOST_TEST(query->before == absent_id);

  // Ids bound a range too, in either case.
  std::string lower = absent_id;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  BOOST_TEST(client.get("/v1/images?since=" + lower + "&until=2099-01-01T00:00:00Z").status == 200);
  BOOST_TEST(service.last_query()->since == absent_id);
  BOOST_TEST(client.get("/v1/images?status=pending").status == 200);
  BOOST_TEST(service.last_query()->status == model::image_outcome::pending);
  BOOST_TEST(client.get("/v1/images?focus_below=12.5").status == 200);
  BOOST_TEST(service.last_query()->focus_below.value_or(0) == 12.5);
  BOOST_TEST(client.get("/v1/images").status == 200);
  BOOST_TEST(!service.last_query()->focus_below.has_value());
}

BOOST_AUTO_TEST_CASE(listing_answers_only_the_matching_images) {
  auto plain = upload_sample();
  auto labelled = client.post("/v1/images?label=line:3", sample_png(), "image/png").json();
  auto page = client.get("/v1/images?label=line:3").json();
  BOOST_TEST_REQUIRE(page["images"].size() == 1u);
  BOOST_TEST(page["images"][0]["id"] == labelled["id"]);
  BOOST_TEST(page["images"][0]["labels"] == nlohmann::json({{"line", "3"}}));
  BOOST_TEST(client.get("/v1/images").json()["images"].size() == 2u);
  BOOST_TEST(plain != labelled["id"]);
}

BOOST_AUTO_TEST_CASE(listing_refuses_malformed_conditions) {
  for (const char* query : {"label=line",
                            "label=Line:3",
                            "label=line:",
                            "label=line:3&label=line:4",
                            "label=line:%01",
                            "uploaded_by=",
                            "profile=",
                            "uploaded_by=a&uploaded_by=b",
                            "status=queued",
                            "status=",
                            "status=done&status=failed",
                            "since=yesterday",
                            "since=2026-12-06",
                            "until=1795582544123",
                            "since=2026-12-06T10:00:00Z&until=2026-12-06T09:00:00Z",
                            "since=2026-12-06T10:00:00Z&until=2026-12-06T10:00:00Z",
                            "limit=5&limit=6",
                            "camera=7",
                            "focus_below=",
                            "focus_below=-1",
                            "focus_below=abc",
                            "focus_below=1e3",
                            "focus_below=nan",
                            "focus_below=12.5x",
                            "focus_below=1&focus_below=2"}) {
    auto reply = client.get(std::string("/v1/images?") + query);
    BOOST_TEST(reply.status == 400, query);
    BOOST_TEST(error_code_of(reply) == "invalid_request", query);
  }
  auto message = client.get("/v1/images?since=yesterday").json()["error"]["message"];
  BOOST_TEST(std::string(message).find("RFC 3339") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(listing_refuses_bad_parameters) {
  for (const char* query : {"limit=0", "limit=101", "limit=x", "limit=", "page=2"}) {
    auto reply = client.get(std::string("/v1/images?") + query);
    BOOST_TEST(reply.status == 400, query);
    BOOST_TEST(error_code_of(reply) == "invalid_request", query);
  }
  auto bad_cursor = client.get("/v1/images?before=not-an-id");
  BOOST_TEST(bad_cursor.status == 400);
  BOOST_TEST(error_code_of(bad_cursor) == "invalid_id");
}

BOOST_AUTO_TEST_CASE(an_image_by_id) {
  auto id = upload_sample();
  auto reply = client.get("/v1/images/" + id);
  BOOST_TEST(reply.status == 200);
  BOOST_TEST(reply.json()["id"] == id);

  auto missing = client.get("/v1/images/" + absent_id);
  BOOST_TEST(missing.status == 404);
  BOOST_TEST(error_code_of(missing) == "not_found");
  auto malformed = client.get("/v1/images/not-an-id");
  BOOST_TEST(malformed.status == 400);
  BOOST_TEST(error_code_of(malformed) == "invalid_id");
}

BOOST_AUTO_TEST_CASE(ids_are_case_insensitive_and_answered_in_upper_case) {
  auto id = upload_sample();
  std::string lower = id;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  BOOST_TEST_REQUIRE(lower != id);
  auto image = client.get("/v1/images/" + lower);
  BOOST_TEST(image.status == 200);
  BOOST_TEST(image.json()["id"] == id);
  BOOST_TEST(client.get("/v1/images/" + lower + "/original").body == sample_png());
  auto command = client.post("/v1/images/" + lower + "/commands", "grayscale", "text/plain");
  BOOST_TEST(command.header("Location") == "/v1/images/" + id + "/versions/1");
  BOOST_TEST(service.last_command()->image_id == id);
  auto page = client.get("/v1/images?before=" + lower);
  BOOST_TEST(page.status == 200);
}

BOOST_AUTO_TEST_CASE(original_bytes_with_type_etag_and_304) {
  auto id = upload_sample();
  auto reply = client.get("/v1/images/" + id + "/original");
  BOOST_TEST(reply.status == 200);
  BOOST_TEST(reply.body == sample_png());
  BOOST_TEST(reply.header("Content-Type") == "image/png");
  std::string etag = reply.header("ETag");
  BOOST_TEST(etag == "\"" + model::sha256_hex(sample_png()) + "\"");

  for (std::string condition : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    auto cached = client.get("/v1/images/" + id + "/original", {"If-None-Match: " + condition});
    BOOST_TEST(cached.status == 304, condition);
    BOOST_TEST(cached.body.empty());
    BOOST_TEST(cached.header("ETag") == etag);
  }
  auto stale = client.get("/v1/images/" + id + "/original", {"If-None-Match: \"other\""});
  BOOST_TEST(stale.status == 200);
  BOOST_TEST(stale.body == sample_png());
}

BOOST_AUTO_TEST_CASE(content_is_the_original_until_a_version_is_done) {
  auto id = upload_sample();
  auto before = client.get("/v1/images/" + id + "/content");
  BOOST_TEST(before.status == 200);
  BOOST_TEST(before.body == sample_png());
  client.post("/v1/images/" + id + "/commands?wait=5", "grayscale", "text/plain");
  auto after = client.get("/v1/images/" + id + "/content");
  BOOST_TEST(after.status == 200);
  BOOST_TEST(after.header("Content-Type") == "image/png");
}

BOOST_AUTO_TEST_CASE(json_command_is_accepted_with_202_and_location) {
  auto id = upload_sample();
  auto reply =
      client.post("/v1/images/" + id + "/commands",
                  R"({"ops":[{"op":"resize","width":320,"height":240}]})", "application/json");
  BOOST_TEST_REQUIRE(reply.status == 202);
  BOOST_TEST(reply.header("Location") == "/v1/images/" + id + "/versions/1");
  auto version = reply.json();
  BOOST_TEST(version["version"] == 1);
  BOOST_TEST(version["status"] == "queued");
  BOOST_TEST(version["base"] == "latest");
  BOOST_TEST(version["ops"] ==
             nlohmann::json::parse(R"([{"op":"resize","width":320,"height":240}])"));
  BOOST_TEST(!version.contains("sha256"));
  BOOST_TEST(service.last_command()->wait_seconds == 0u);
}

BOOST_AUTO_TEST_CASE(waiting_for_a_command_answers_200_when_it_settles) {
  auto id = upload_sample();
  test_support::request_options options;
  options.headers = {"Idempotency-Key: cmd-7"};
  auto reply = client.post("/v1/images/" + id + "/commands?wait=5",
                           R"({"ops":[{"op":"grayscale"}],"base":"original"})",
                           "application/json; charset=utf-8", options);
  BOOST_TEST_REQUIRE(reply.status == 200);
  auto version = reply.json();
  BOOST_TEST(version["status"] == "done");
  BOOST_TEST(version["base"] == "original");
  for (const char* field : {"format", "width", "height", "bytes", "sha256", "took_ms", "node"})
    BOOST_TEST(version.contains(field), field);
  BOOST_TEST(service.last_command()->wait_seconds == 5u);
  BOOST_TEST(service.last_command()->idempotency_key == "cmd-7");
}

BOOST_AUTO_TEST_CASE(text_command_takes_its_base_from_the_query) {
  auto id = upload_sample();
  client.post("/v1/images/" + id + "/commands?wait=1", "grayscale", "text/plain");
  auto reply =
      client.post("/v1/images/" + id + "/commands?base=1",
                  "# two steps\nresize 100 100\n\ngrayscale\n", "text/plain; charset=UTF-8");
  BOOST_TEST_REQUIRE(reply.status == 202);
  auto version = reply.json();
  BOOST_TEST(version["version"] == 2);
  BOOST_TEST(version["base"] == 1);
  BOOST_TEST(version["ops"].size() == 2u);
  BOOST_TEST(service.last_command()->command.base == 1);
}

BOOST_AUTO_TEST_CASE(a_version_names_its_source_once_started) {
  auto id = upload_sample();
  auto command = [&](const std::string& query) {
    return client.post("/v1/images/" + id + "/commands" + query, "grayscale", "text/plain").json();
  };
  BOOST_TEST(command("?wait=1")["source"] == 0);
  BOOST_TEST(command("?wait=1")["source"] == 1);
  BOOST_TEST(command("?wait=1&base=1")["source"] == 1);
  BOOST_TEST(command("?wait=1&base=original")["source"] == 0);
  auto queued = command("");
  BOOST_TEST(queued["status"] == "queued");
  BOOST_TEST(queued["source"].is_null());
  BOOST_TEST(client.get("/v1/images/" + id + "/versions/2").json()["source"] == 1);
}

BOOST_AUTO_TEST_CASE(commands_in_other_media_types_are_415_listing_the_accepted_ones) {
  auto id = upload_sample();
  for (const char* type : {"application/xml", "text/plain; charset=latin1", "", "text/html"}) {
    auto reply = client.post("/v1/images/" + id + "/commands", "grayscale", type);
    BOOST_TEST(reply.status == 415, type);
    BOOST_TEST(error_code_of(reply) == "unsupported_media_type");
    auto message = reply.json()["error"]["message"].get<std::string>();
    BOOST_TEST(message.find("application/json, text/plain") != std::string::npos, message);
  }
  auto malformed = client.post("/v1/images/" + id + "/commands", "grayscale", "text/");
  BOOST_TEST(malformed.status == 400);
  BOOST_TEST(error_code_of(malformed) == "invalid_request");
}

BOOST_AUTO_TEST_CASE(invalid_commands_are_400_and_queue_nothing) {
  auto id = upload_sample();
  struct expectation {
    std::string query, body, type, code;
  };
  const expectation cases[] = {
      {"", "resize 320\n", "text/plain", "invalid_operation"},
      {"", R"({"ops":[{"op":"blurry"}]})", "application/json", "invalid_operation"},
      {"", R"({"ops":[{"op":"grayscale"}],"priority":1})", "application/json", "invalid_request"},
      {"", "{not json", "application/json", "invalid_request"},
      {"?base=latest", R"({"ops":[{"op":"grayscale"}]})", "application/json", "invalid_request"},
      {"?base=newest", "grayscale", "text/plain", "invalid_request"},
      {"?wait=61", "grayscale", "text/plain", "invalid_request"},
      {"?wait=-1", "grayscale", "text/plain", "invalid_request"},
  };
  for (const auto& c : cases) {
    auto reply = client.post("/v1/images/" + id + "/commands" + c.query, c.body, c.type);
    BOOST_TEST(reply.status == 400, c.body);
    BOOST_TEST(error_code_of(reply) == c.code, c.body);
  }
  BOOST_TEST(!service.last_command().has_value());
  auto line = client.post("/v1/images/" + id + "/commands", "grayscale\nresize 1\n", "text/plain");
  BOOST_TEST(line.json()["error"]["message"].get<std::string>().find("line 2") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(commands_on_missing_or_malformed_images) {
  auto missing = client.post("/v1/images/" + absent_id + "/commands", "grayscale", "text/plain");
  BOOST_TEST(missing.status == 404);
  auto malformed = client.post("/v1/images/xyz/commands", "grayscale", "text/plain");
  BOOST_TEST(malformed.status == 400);
  BOOST_TEST(error_code_of(malformed) == "invalid_id");
}

BOOST_AUTO_TEST_CASE(versions_and_their_content) {
  auto id = upload_sample();
  client.post("/v1/images/" + id + "/commands", "grayscale", "text/plain");
  client.post("/v1/images/" + id + "/commands?wait=2", "grayscale", "text/plain");

  auto queued = client.get("/v1/images/" + id + "/versions/1");
  BOOST_TEST(queued.status == 200);
  BOOST_TEST(queued.json()["status"] == "queued");
  auto not_ready = client.get("/v1/images/" + id + "/versions/1/content");
  BOOST_TEST(not_ready.status == 409);
  BOOST_TEST(error_code_of(not_ready) == "version_not_ready");

  auto done = client.get("/v1/images/" + id + "/versions/2/content");
  BOOST_TEST(done.status == 200);
  BOOST_TEST(done.body == sample_png());
  BOOST_TEST(client.get("/v1/images/" + id).json()["versions"].size() == 2u);

  BOOST_TEST(client.get("/v1/images/" + id + "/versions/3").status == 404);
  for (const char* bad : {"0", "01", "2147483648", "-1", "one"}) {
    auto reply = client.get("/v1/images/" + id + "/versions/" + bad);
    BOOST_TEST(reply.status == 400, bad);
    BOOST_TEST(error_code_of(reply) == "invalid_id");
  }
}

BOOST_AUTO_TEST_CASE(a_failed_version_reports_its_error) {
  auto id = upload_sample();
  service.fail_versions();
  auto reply = client.post("/v1/images/" + id + "/commands?wait=3", "grayscale", "text/plain");
  BOOST_TEST(reply.status == 200);
  auto version = reply.json();
  BOOST_TEST(version["status"] == "failed");
  BOOST_TEST(version["error"]["code"] == "operation_failed");
  BOOST_TEST(!version["error"]["message"].get<std::string>().empty());
  auto content = client.get("/v1/images/" + id + "/versions/1/content");
  BOOST_TEST(content.status == 409);
  BOOST_TEST(error_code_of(content) == "version_failed");
}

BOOST_AUTO_TEST_CASE(measurements_of_a_version_and_of_the_original) {
  auto id = upload_sample();
  auto path = "/v1/images/" + id;
  auto before = client.get(path + "/stats");
  BOOST_TEST(before.status == 404);
  BOOST_TEST(error_code_of(before) == "not_found");
  BOOST_TEST(before.json()["error"]["message"].get<std::string>().find("\"stats\" with base "
                                                                       "original") !=
             std::string::npos);

  BOOST_TEST_REQUIRE(client.post(path + "/commands?wait=2", "stats", "text/plain").status == 200);
  BOOST_TEST_REQUIRE(
      client.post(path + "/commands?wait=2", "grayscale\nstats", "text/plain").status == 200);
  BOOST_TEST_REQUIRE(client.post(path + "/commands?wait=2", "grayscale", "text/plain").status ==
                     200);
  client.post(path + "/commands", "stats", "text/plain"); // stays queued

  auto first = client.get(path + "/versions/1/stats");
  BOOST_TEST_REQUIRE(first.status == 200);
  BOOST_TEST(first.header("Content-Type") == "application/json");
  BOOST_TEST(first.json()["image"] == id);
  BOOST_TEST(first.json()["version"] == 1);
  BOOST_TEST(first.json()["focus"] == 1.5);
  BOOST_TEST(client.get(path + "/versions/2/stats").json()["after"] ==
             nlohmann::json::array({"grayscale"}));
  // The original's are those measured before any operation.
  auto original = client.get(path + "/stats");
  BOOST_TEST(original.status == 200);
  BOOST_TEST(original.json()["version"] == 1);

  auto unmeasured = client.get(path + "/versions/3/stats");
  BOOST_TEST(unmeasured.status == 404);
  BOOST_TEST(unmeasured.json()["error"]["message"].get<std::string>().find("with base 3") !=
             std::string::npos);
  BOOST_TEST(error_code_of(client.get(path + "/versions/4/stats")) == "version_not_ready");
  BOOST_TEST(client.get(path + "/versions/5/stats").status == 404);
  BOOST_TEST(client.get(path + "/stats?x=1").status == 400);
  BOOST_TEST(client.get(path + "/versions/0/stats").status == 400);
}

BOOST_AUTO_TEST_CASE(delete_answers_204_then_the_image_is_gone) {
  auto id = upload_sample();
  auto reply = client.del("/v1/images/" + id);
  BOOST_TEST(reply.status == 204);
  BOOST_TEST(reply.body.empty());
  BOOST_TEST(client.get("/v1/images/" + id).status == 404);
  BOOST_TEST(client.del("/v1/images/" + id).status == 404);
}

BOOST_AUTO_TEST_CASE(cluster_lists_nodes_with_their_load) {
  auto reply = client.get("/v1/cluster");
  BOOST_TEST_REQUIRE(reply.status == 200);
  auto node = reply.json()["nodes"][0];
  BOOST_TEST(node["id"] == "fake-node");
  BOOST_TEST(node["role"] == "head");
  BOOST_TEST(node["state"] == "up");
  BOOST_TEST(node["workers"] == 2);
  BOOST_TEST(node["in_flight"] == 0);
  BOOST_TEST(node["last_seen"] == "2023-11-14T22:13:20.000Z");
  BOOST_TEST(node["last_minute"]["jobs"] == 30);
  BOOST_TEST(node["last_minute"]["p95_ms"] == 40.0);
  BOOST_TEST(reply.json()["queue_depth"] == 3);
  BOOST_TEST(reply.json()["last_minute"]["per_second"] == 0.5);
  BOOST_TEST(reply.json()["window_seconds"] == 60);
  BOOST_TEST(client.get("/v1/cluster?x=1").status == 400);
  BOOST_TEST(client.post("/v1/cluster", "", "text/plain").status == 405);
}

BOOST_AUTO_TEST_CASE(a_node_is_drained_and_undrained) {
  auto drained = client.post("/v1/cluster/nodes/fake-node/drain", "", "text/plain");
  BOOST_TEST_REQUIRE(drained.status == 200, drained.body);
  BOOST_TEST(drained.json()["id"] == "fake-node");
  BOOST_TEST(drained.json()["state"] == "draining");
  BOOST_TEST(client.get("/v1/cluster").json()["nodes"][0]["state"] == "draining");
  auto undrained = client.post("/v1/cluster/nodes/fake-node/undrain", "", "text/plain");
  BOOST_TEST(undrained.json()["state"] == "up");
  auto unknown = client.post("/v1/cluster/nodes/elsewhere/drain", "", "text/plain");
  BOOST_TEST(unknown.status == 404);
  BOOST_TEST(unknown.json()["error"]["code"] == "not_found");
  BOOST_TEST(client.post("/v1/cluster/nodes/fake-node/drain?now=1", "", "text/plain").status ==
             400);
  BOOST_TEST(client.get("/v1/cluster/nodes/fake-node/drain").status == 405);
}

BOOST_AUTO_TEST_CASE(access_without_keys_is_admin) {
  auto reply = client.get("/v1/access");
  BOOST_TEST_REQUIRE(reply.status == 200);
  BOOST_TEST(reply.json()["keys_required"] == false);
  BOOST_TEST(reply.json()["scope"] == "admin");
  BOOST_TEST(reply.json()["key"].is_null());
  BOOST_TEST(reply.header("Cache-Control") == "no-store");
}

BOOST_AUTO_TEST_CASE(operation_catalog_lists_params_and_syntax) {
  auto reply = client.get("/v1/operations");
  BOOST_TEST_REQUIRE(reply.status == 200);
  auto catalog = reply.json();
  nlohmann::json resize, format, crop, annotate;
  for (const auto& operation : catalog["operations"]) {
    if (operation["name"] == "resize")
      resize = operation;
    if (operation["name"] == "format")
      format = operation;
    if (operation["name"] == "crop")
      crop = operation;
    if (operation["name"] == "annotate")
      annotate = operation;
  }
  BOOST_TEST_REQUIRE(resize.is_object());
  BOOST_TEST(resize["syntax"] == "resize <width> <height>");
  BOOST_TEST(!resize["summary"].get<std::string>().empty());
  BOOST_TEST(resize["params"][0]["name"] == "width");
  BOOST_TEST(resize["params"][0]["type"] == "integer");
  BOOST_TEST(resize["params"][0]["min"].is_number_integer());
  BOOST_TEST(resize["params"][0]["max"].is_number_integer());
  BOOST_TEST_REQUIRE(format.is_object());
  BOOST_TEST(format["params"][0]["type"] == "choice");
  BOOST_TEST(format["params"][0]["choices"].size() >= 2u);
  BOOST_TEST(resize["params"][0]["optional"] == false);
  BOOST_TEST(!resize["params"][0].contains("default"));

  BOOST_TEST_REQUIRE(crop.is_object());
  BOOST_TEST(crop["syntax"] == "crop <width> <height> [<x>] [<y>] [<gravity>]");
  BOOST_TEST(crop["params"][0] == nlohmann::json::parse(R"({"name":"width","type":"size",
      "min":1,"max":16384,"min_percent":1.0,"max_percent":100.0,"optional":false,
      "description":"Region width: pixels, or percent of the image's width."})"));
  BOOST_TEST(crop["params"][2]["optional"] == true);
  BOOST_TEST(!crop["params"][2].contains("default"));
  BOOST_TEST(crop["params"][4]["choices"].size() == 9u);

  BOOST_TEST_REQUIRE(annotate.is_object());
  BOOST_TEST(annotate["syntax"] == "annotate <text> [<gravity>] [<size>] [<color>]");
  auto text = annotate["params"][0];
  BOOST_TEST(text["type"] == "text");
  BOOST_TEST(text["min_bytes"] == 1);
  BOOST_TEST(text["max_bytes"] == 200);
  BOOST_TEST(text["placeholders"] ==
             nlohmann::json::parse(R"(["{id}","{created}","{label:KEY}"])"));
  BOOST_TEST(annotate["params"][1]["default"] == "southeast");
  BOOST_TEST(annotate["params"][2]["default"] == 24);
  BOOST_TEST(annotate["params"][2]["optional"] == true);
  auto color = annotate["params"][3];
  BOOST_TEST(color["type"] == "color");
  BOOST_TEST(color["default"] == "white");
  BOOST_TEST(color["hex"] == nlohmann::json::parse(R"(["#rgb","#rrggbb","#rrggbbaa"])"));
  BOOST_TEST(color["choices"].size() >= 10u);
}

BOOST_AUTO_TEST_CASE(profiles_in_json_and_text_form) {
  auto reply = client.get("/v1/profiles");
  BOOST_TEST_REQUIRE(reply.status == 200);
  auto profile = reply.json()["profiles"][0];
  BOOST_TEST(profile["name"] == "thumbnail");
  BOOST_TEST(
      profile["ops"] ==
      nlohmann::json::parse(R"([{"op":"resize","width":320,"height":240},{"op":"grayscale"}])"));
  BOOST_TEST(profile["text"] == "resize 320 240\ngrayscale\n");
}

BOOST_AUTO_TEST_CASE(unknown_routes_are_404_and_wrong_methods_405_with_allow) {
  auto missing = client.get("/v2/images");
  BOOST_TEST(missing.status == 404);
  BOOST_TEST(error_code_of(missing) == "not_found");

  auto wrong = client.send("PUT", "/v1/images", "x", {});
  BOOST_TEST(wrong.status == 405);
  BOOST_TEST(wrong.header("Allow") == "POST, GET, HEAD, OPTIONS");
  BOOST_TEST(error_code_of(wrong) == "method_not_allowed");
  BOOST_TEST(client.send("POST", "/v1/images/" + absent_id, "", {}).header("Allow") ==
             "GET, HEAD, DELETE, OPTIONS");
}

BOOST_AUTO_TEST_CASE(service_problems_map_to_statuses) {
  service.fail_next_call(model::make_problem(model::error_code::overloaded, "queues full"));
  auto overloaded = client.get("/v1/images");
  BOOST_TEST(overloaded.status == 503);
  BOOST_TEST(overloaded.header("Retry-After") == "1");
  BOOST_TEST(overloaded.json()["error"]["message"] == "queues full");

  service.fail_next_call(model::make_problem(model::error_code::timeout, "too slow"));
  BOOST_TEST(client.get("/v1/images").status == 504);
}

BOOST_AUTO_TEST_SUITE_END()
