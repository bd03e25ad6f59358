#include <boost/test/unit_test.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "http/routes/command_body.hpp"
#include "http/routes/header_value.hpp"
#include "http/routes/query.hpp"
#include "http/routes/request_params.hpp"
#include "http/views/error_response.hpp"

namespace {

using model::error_code;

http_api::http_request with_query(std::vector<std::pair<std::string, std::string>> query) {
  http_api::http_request request;
  request.query = std::move(query);
  return request;
}

template<class T>
std::string code_of(const model::outcome<T>& result) {
  BOOST_REQUIRE(!result.ok());
  return model::to_string(result.error().code);
}

} // namespace

BOOST_AUTO_TEST_SUITE(parameters)

BOOST_AUTO_TEST_CASE(parameterized_header_values) {
  auto type = http_api::parse_parameterized(
      "Multipart/Form-Data ; Boundary=\"a \\\"b\\\" c\"; charset=UTF-8;");
  BOOST_TEST_REQUIRE(type.has_value());
  BOOST_TEST(type->value == "multipart/form-data");
  BOOST_TEST(*type->param("boundary") == "a \"b\" c");
  BOOST_TEST(*type->param("charset") == "UTF-8");
  BOOST_TEST(type->param("missing") == nullptr);
  for (const char* bad : {"", " ", "text/plain; charset", "a; b=\"open", "a b", "a;;b=c"})
    BOOST_TEST(!http_api::parse_parameterized(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(percent_decoding) {
  BOOST_TEST(*http_api::percent_decode("a%20b+c%2Fd%2f") == "a b c/d/");
  for (const char* bad : {"%", "%2", "%zz", "a%g0"})
    BOOST_TEST(!http_api::percent_decode(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(canonical_decimals_only) {
  BOOST_TEST(*http_api::parse_decimal("0", 0, 5) == 0u);
  BOOST_TEST(*http_api::parse_decimal("42", 1, 100) == 42u);
  for (const char* bad : {"", "01", "+1", "-1", "1.0", " 1", "101", "99999999999999999999"})
    BOOST_TEST(!http_api::parse_decimal(bad, 1, 100).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(unknown_query_parameters_are_refused_by_name) {
  auto request = with_query({{"limit", "5"}, {"limt", "6"}});
  auto accepted = http_api::accept_only(request, {"limit", "before"});
  BOOST_TEST(code_of(accepted) == "invalid_request");
  BOOST_TEST(accepted.error().message.find("\"limt\"") != std::string::npos);
  BOOST_TEST(http_api::accept_only(with_query({{"limit", "5"}}), {"limit"}).ok());
}

BOOST_AUTO_TEST_CASE(page_limit_defaults_to_20_and_stays_within_1_to_100) {
  BOOST_TEST(*http_api::page_limit_param(with_query({})) == 20u);
  BOOST_TEST(*http_api::page_limit_param(with_query({{"limit", "100"}})) == 100u);
  for (const char* bad : {"0", "101", "", "ten", "-5"})
    BOOST_TEST(
        (code_of(http_api::page_limit_param(with_query({{"limit", bad}}))) == "invalid_request"),
        bad);
}

BOOST_AUTO_TEST_CASE(cursor_and_wait_parameters) {
  BOOST_TEST(http_api::page_cursor_param(with_query({}))->empty());
  BOOST_TEST(*http_api::page_cursor_param(with_query({{"before", "01arz3ndektsv4rrffq69g5fav"}})) ==
             "01ARZ3NDEKTSV4RRFFQ69G5FAV");
  BOOST_TEST(code_of(http_api::page_cursor_param(with_query({{"before", "nope"}}))) ==
             "invalid_id");
  BOOST_TEST(*http_api::wait_param(with_query({})) == 0u);
  BOOST_TEST(*http_api::wait_param(with_query({{"wait", "60"}})) == 60u);
  BOOST_TEST(code_of(http_api::wait_param(with_query({{"wait", "61"}}))) == "invalid_request");
}

BOOST_AUTO_TEST_CASE(ids_and_version_numbers_in_paths) {
  http_api::http_request request;
  request.path_params = {"01ARZ3NDEKTSV4RRFFQ69G5FAV", "2147483647"};
  BOOST_TEST(*http_api::image_id_param(request, 0) == "01ARZ3NDEKTSV4RRFFQ69G5FAV");
  BOOST_TEST(*http_api::version_param(request, 1) == 2147483647u);
  request.path_params = {"01arz3NDEKtsv4rrffq69g5fav"};
  BOOST_TEST(*http_api::image_id_param(request, 0) == "01ARZ3NDEKTSV4RRFFQ69G5FAV");
  for (const char* bad : {"0", "2147483648", "01", "x"}) {
    request.path_params = {"not-an-id", bad};
    BOOST_TEST((code_of(http_api::image_id_param(request, 0)) == "invalid_id"));
    BOOST_TEST((code_of(http_api::version_param(request, 1)) == "invalid_id"), bad);
  }
}

BOOST_AUTO_TEST_CASE(command_bases) {
  BOOST_TEST(*http_api::parse_base("latest") == model::base_latest);
  BOOST_TEST(*http_api::parse_base("original") == model::base_original);
  BOOST_TEST(*http_api::parse_base("3") == 3);
  for (const char* bad : {"0", "Latest", "", "-1", "2147483648"})
    BOOST_TEST((code_of(http_api::parse_base(bad)) == "invalid_request"), bad);
}

BOOST_AUTO_TEST_CASE(idempotency_keys_are_short_visible_ascii) {
  http_api::http_request request;
  BOOST_TEST(http_api::idempotency_key_header(request)->empty());
  request.headers = {{"idempotency-key", "abc-123"}};
  BOOST_TEST(*http_api::idempotency_key_header(request) == "abc-123");
  for (std::string bad : {std::string(), std::string("a b"), std::string(129, 'k')}) {
    request.headers = {{"Idempotency-Key", bad}};
    BOOST_TEST(code_of(http_api::idempotency_key_header(request)) == "invalid_request");
  }
}

BOOST_AUTO_TEST_CASE(json_command_bodies) {
  auto command = http_api::parse_json_command(
      R"({"ops":[{"op":"resize","width":320,"height":240}],"base":2})");
  BOOST_TEST_REQUIRE(command.ok());
  BOOST_TEST(command->ops.size() == 1u);
  BOOST_TEST(command->base == 2);
  BOOST_TEST(http_api::parse_json_command(R"({"ops":[{"op":"grayscale"}]})")->base ==
             model::base_latest);
  BOOST_TEST(
      http_api::parse_json_command(R"({"ops":[{"op":"grayscale"}],"base":"original"})")->base ==
      model::base_original);

  for (const char* bad :
       {"", "{", "[]", R"({"base":"latest"})", R"({"ops":[],"extra":1})",
        R"({"ops":[{"op":"grayscale"}],"base":0})", R"({"ops":[{"op":"grayscale"}],"base":-1})",
        R"({"ops":[{"op":"grayscale"}],"base":1.5})"})
    BOOST_TEST((code_of(http_api::parse_json_command(bad)) == "invalid_request"), bad);
  BOOST_TEST(code_of(http_api::parse_json_command(R"({"ops":[{"op":"nope"}]})")) ==
             "invalid_operation");
}

// Found by fuzz_command_json: numbers beyond a double made the JSON parser
// throw out_of_range, which escaped as a 500 internal_error.
BOOST_AUTO_TEST_CASE(json_numbers_out_of_range_are_invalid_requests) {
  for (const char* huge :
       {R"({"ops":[{"op":"blur","sigma":1e999}]})", R"({"base":"oop","iwHHsigm":60e346,"xv0.5}{}")",
        R"({"ops":[{"op":"resize","width":-1e400,"height":1}]})"})
    BOOST_TEST((code_of(http_api::parse_json_command(huge)) == "invalid_request"), huge);
}

BOOST_AUTO_TEST_CASE(every_error_code_has_a_status_and_the_error_shape) {
  struct expectation {
    error_code code;
    int status;
  };
  const expectation table[] = {
      {error_code::invalid_request, 400},
      {error_code::invalid_operation, 400},
      {error_code::invalid_id, 400},
      {error_code::not_found, 404},
      {error_code::method_not_allowed, 405},
      {error_code::payload_too_large, 413},
      {error_code::unsupported_media_type, 415},
      {error_code::corrupt_image, 422},
      {error_code::image_too_large, 422},
      {error_code::version_not_ready, 409},
      {error_code::version_failed, 409},
      {error_code::unknown_profile, 400},
      {error_code::overloaded, 503},
      {error_code::unauthorized, 401},
      {error_code::forbidden, 403},
      {error_code::timeout, 504},
      {error_code::unavailable, 503},
      {error_code::operation_failed, 422},
      {error_code::conflict, 409},
      {error_code::internal_error, 500},
  };
  for (const auto& [code, status] : table) {
    auto response = http_api::error_response(code, "why");
    BOOST_TEST(response.status == status, model::to_string(code));
    auto body = nlohmann::json::parse(response.body);
    BOOST_TEST(body["error"]["code"] == model::to_string(code));
    BOOST_TEST(body["error"]["message"] == "why");
    bool retry_after = false;
    for (const auto& field : response.headers)
      retry_after = retry_after || field.name == "Retry-After";
    BOOST_TEST(retry_after == (status == 503));
  }
}

BOOST_AUTO_TEST_SUITE_END()
