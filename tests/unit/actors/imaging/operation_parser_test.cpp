#include <boost/test/unit_test.hpp>

#include <cmath>

#include <nlohmann/json.hpp>

#include "actors/imaging/operation_catalog.hpp"
#include "actors/imaging/operation_parser.hpp"
#include "actors/imaging/operations/param_values.hpp"

namespace model {
// How Boost.Test shows an op_call in a failure.
std::ostream& boost_test_print_type(std::ostream& out, const op_call& call) {
  return out << imaging::operation_to_text(call);
}
} // namespace model

using imaging::parse_operations_json;
using imaging::parse_operations_text;
using model::op_call;
using nlohmann::json;

namespace {

std::string text_error(std::string_view text) {
  auto ops = parse_operations_text(text);
  BOOST_REQUIRE(!ops.ok());
  BOOST_TEST((ops.error().code == model::error_code::invalid_operation));
  return ops.error().message;
}

std::string json_error(const json& ops) {
  auto calls = parse_operations_json(ops);
  BOOST_REQUIRE(!calls.ok());
  BOOST_TEST((calls.error().code == model::error_code::invalid_operation));
  return calls.error().message;
}

std::vector<op_call> parse_text(std::string_view text) {
  auto ops = parse_operations_text(text);
  BOOST_REQUIRE_MESSAGE(ops.ok(), (ops.ok() ? std::string() : ops.error().message));
  return *ops;
}

std::vector<op_call> parse_json(const json& ops) {
  auto calls = parse_operations_json(ops);
  BOOST_REQUIRE_MESSAGE(calls.ok(), (calls.ok() ? std::string() : calls.error().message));
  return *calls;
}

// Valid argument texts for a parameter: its bounds, a middle value and,
// for choices, every choice.
std::vector<std::string> sample_values(const imaging::param_spec& param) {
  if (param.type == imaging::param_type::choice)
    return param.choices;
  double middle = param.type == imaging::param_type::integer
                      ? std::floor((param.min + param.max) / 2)
                      : (param.min + param.max) / 3;
  return {imaging::operations::number_text(param.min), imaging::operations::number_text(middle),
          imaging::operations::number_text(param.max)};
}

} // namespace

BOOST_AUTO_TEST_SUITE(operation_parser_tests)

BOOST_AUTO_TEST_CASE(text_form_with_comments_blank_lines_and_crlf) {
  auto ops = parse_text("# normalise a camera frame\r\n"
                        "\r\n"
                        "  autoorient\r\n"
                        "resize\t320   240 # fits the dashboard\n"
                        "format PNG\n"
                        "   # done\n");
  std::vector<op_call> expected{
      {"autoorient", {}}, {"resize", {"320", "240"}}, {"format", {"png"}}};
  BOOST_TEST(ops == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(text_arguments_are_made_canonical) {
  BOOST_TEST((parse_text("resize 0320 00240")[0] == op_call{"resize", {"320", "240"}}));
  BOOST_TEST((parse_text("rotate 90.0")[0] == op_call{"rotate", {"90"}}));
  BOOST_TEST((parse_text("rotate -0")[0] == op_call{"rotate", {"0"}}));
  BOOST_TEST((parse_text("blur 1.50")[0] == op_call{"blur", {"1.5"}}));
  BOOST_TEST((parse_text("gamma 2.2e0")[0] == op_call{"gamma", {"2.2"}}));
  BOOST_TEST((parse_text("rotate 1e-7")[0] == op_call{"rotate", {"1e-07"}}));
  BOOST_TEST((parse_text("format WebP")[0] == op_call{"format", {"webp"}}));
}

BOOST_AUTO_TEST_CASE(text_errors_name_the_line_the_parameter_and_the_value) {
  BOOST_TEST(text_error("flip\nblurr 2") == "line 2: unknown operation \"blurr\"");
  BOOST_TEST(text_error("resize 320") ==
             "line 1: resize: expected 2 arguments (width height), got 1");
  BOOST_TEST(text_error("flip 1") == "line 1: flip: expected 0 arguments, got 1");
  BOOST_TEST(text_error("resize abc 240") ==
             "line 1: resize: width must be an integer from 1 to 16384, got \"abc\"");
  BOOST_TEST(text_error("\n\nresize 320 0") ==
             "line 3: resize: height must be an integer from 1 to 16384, got \"0\"");
  BOOST_TEST(text_error("resize 16385 1") ==
             "line 1: resize: width must be an integer from 1 to 16384, got \"16385\"");
  BOOST_TEST(text_error("resize 1.5 1") ==
             "line 1: resize: width must be an integer from 1 to 16384, got \"1.5\"");
  BOOST_TEST(text_error("resize +5 1") ==
             "line 1: resize: width must be an integer from 1 to 16384, got \"+5\"");
  BOOST_TEST(text_error("resize 99999999999999999999999 1") ==
             "line 1: resize: width must be an integer from 1 to 16384, got "
             "\"99999999999999999999999\"");
  BOOST_TEST(text_error("crop 10 10 0 -1") ==
             "line 1: crop: y must be an integer from 0 to 65535, got \"-1\"");
  BOOST_TEST(text_error("rotate 361") ==
             "line 1: rotate: degrees must be a number from -360 to 360, got \"361\"");
  for (const char* bad : {"nan", "inf", "-inf", "0.05", "1e400", "0x10", "1,5", "."})
    BOOST_TEST(text_error(std::string("blur ") + bad) ==
                   "line 1: blur: sigma must be a number from 0.1 to 100, got \"" +
                       std::string(bad) + "\"",
               bad);
  BOOST_TEST(text_error("format svg") ==
             "line 1: format: format must be one of jpeg, png, webp, tiff, gif, bmp, got \"svg\"");
  BOOST_TEST(text_error("quality 0") ==
             "line 1: quality: quality must be an integer from 1 to 100, got \"0\"");
  BOOST_TEST(text_error("brightness 401") ==
             "line 1: brightness: percent must be a number from 0 to 400, got \"401\"");
}

BOOST_AUTO_TEST_CASE(client_bytes_in_messages_are_escaped_and_shortened) {
  BOOST_TEST(
      text_error("resize \x01\xFF\"\\ 1") ==
      "line 1: resize: width must be an integer from 1 to 16384, got \"\\x01\\xff\\\"\\\\\"");
  std::string message = text_error(std::string(1000, 'x'));
  BOOST_TEST(message == "line 1: unknown operation \"" + std::string(40, 'x') + "...\"");
}

BOOST_AUTO_TEST_CASE(empty_commands_are_refused) {
  for (const char* empty : {"", "\n\n", "   \t\r\n", "# only a comment\n#another"})
    BOOST_TEST(text_error(empty) == "no operations: the command is empty");
  BOOST_TEST(json_error(json::array()) == "no operations: the command is empty");
}

BOOST_AUTO_TEST_CASE(at_most_64_operations) {
  std::string text;
  json ops = json::array();
  for (int i = 0; i < 64; ++i) {
    text += "flip\n";
    ops.push_back({{"op", "flip"}});
  }
  BOOST_TEST(parse_text(text).size() == 64u);
  BOOST_TEST(parse_json(ops).size() == 64u);
  BOOST_TEST(text_error(text + "# comment\nflop") == "line 66: too many operations (at most 64)");
  ops.push_back({{"op", "flop"}});
  BOOST_TEST(json_error(ops) == "too many operations: 65 (at most 64)");
}

BOOST_AUTO_TEST_CASE(json_form) {
  auto ops = parse_json(json::parse(R"([{"op":"resize","width":320,"height":240.0},
                                        {"op":"rotate","degrees":-90.5},
                                        {"op":"format","format":"PNG"}])"));
  std::vector<op_call> expected{
      {"resize", {"320", "240"}}, {"rotate", {"-90.5"}}, {"format", {"png"}}};
  BOOST_TEST(ops == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(json_errors_name_the_index_the_parameter_and_the_value) {
  BOOST_TEST(json_error(json::object()) == "ops must be an array of operations, got object");
  BOOST_TEST(json_error(json::parse(R"([{"op":"flip"}, 3])")) ==
             "ops[1]: must be an object such as {\"op\":\"flip\"}, got number");
  BOOST_TEST(json_error(json::parse(R"([{"width":3}])")) == "ops[0]: missing \"op\"");
  BOOST_TEST(json_error(json::parse(R"([{"op":7}])")) == "ops[0]: \"op\" must be a string");
  BOOST_TEST(json_error(json::parse(R"([{"op":"blurr"}])")) ==
             "ops[0]: unknown operation \"blurr\"");
  BOOST_TEST(json_error(json::parse(R"([{"op":"resize","w":3,"width":3,"height":3}])")) ==
             "ops[0]: resize: unknown parameter \"w\"");
  BOOST_TEST(
      json_error(json::parse(R"([{"op":"flip"},{"op":"crop","width":3,"height":3,"y":0}])")) ==
      "ops[1]: crop: missing parameter \"x\"");
  BOOST_TEST(json_error(json::parse(R"([{"op":"resize","width":320.5,"height":3}])")) ==
             "ops[0]: resize: width must be an integer from 1 to 16384, got 320.5");
  BOOST_TEST(json_error(json::parse(R"([{"op":"resize","width":"320","height":3}])")) ==
             "ops[0]: resize: width must be an integer from 1 to 16384, got \"320\"");
  BOOST_TEST(json_error(json::parse(R"([{"op":"resize","width":true,"height":3}])")) ==
             "ops[0]: resize: width must be an integer from 1 to 16384, got true");
  BOOST_TEST(json_error(json::parse(R"([{"op":"resize","width":1e300,"height":3}])")) ==
             "ops[0]: resize: width must be an integer from 1 to 16384, got 1e+300");
  BOOST_TEST(json_error(json::parse(R"([{"op":"blur","sigma":null}])")) ==
             "ops[0]: blur: sigma must be a number from 0.1 to 100, got null");
  BOOST_TEST(json_error(json::array({{{"op", "blur"}, {"sigma", NAN}}})) ==
             "ops[0]: blur: sigma must be a number from 0.1 to 100, got null");
  BOOST_TEST(json_error(json::array({{{"op", "rotate"}, {"degrees", INFINITY}}})) ==
             "ops[0]: rotate: degrees must be a number from -360 to 360, got null");
  BOOST_TEST(json_error(json::parse(R"([{"op":"format","format":1}])")) ==
             "ops[0]: format: format must be one of jpeg, png, webp, tiff, gif, bmp, got 1");
  BOOST_TEST(json_error(json::parse(R"([{"op":"format","format":"jpg"}])")) ==
             "ops[0]: format: format must be one of jpeg, png, webp, tiff, gif, bmp, got \"jpg\"");
}

BOOST_AUTO_TEST_CASE(every_operation_round_trips_through_text_and_json) {
  for (const auto& spec : imaging::operation_catalog()) {
    std::size_t samples = 1;
    for (const auto& param : spec.params)
      samples = std::max(samples, sample_values(param).size());
    for (std::size_t i = 0; i < samples; ++i) {
      op_call call{spec.name, {}};
      for (const auto& param : spec.params) {
        auto values = sample_values(param);
        call.args.push_back(values[i % values.size()]);
      }
      BOOST_TEST_CONTEXT(imaging::operation_to_text(call)) {
        auto from_text = parse_text(imaging::operation_to_text(call));
        BOOST_TEST((from_text == std::vector<op_call>{call}));
        json as_json = json::array({imaging::operation_to_json(call)});
        auto from_json = parse_json(json::parse(as_json.dump()));
        BOOST_TEST((from_json == std::vector<op_call>{call}));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(json_and_text_renderings) {
  BOOST_TEST(imaging::operation_to_json({"resize", {"320", "240"}}).dump() ==
             R"({"height":240,"op":"resize","width":320})");
  BOOST_TEST(imaging::operation_to_json({"rotate", {"1.5"}}).dump() ==
             R"({"degrees":1.5,"op":"rotate"})");
  BOOST_TEST(imaging::operation_to_json({"format", {"png"}}).dump() ==
             R"({"format":"png","op":"format"})");
  BOOST_TEST(imaging::operation_to_json({"flip", {}}).dump() == R"({"op":"flip"})");
  BOOST_TEST(imaging::operation_to_text({"crop", {"10", "20", "0", "5"}}) == "crop 10 20 0 5");
  BOOST_TEST(imaging::operation_to_text({"negate", {}}) == "negate");
}

BOOST_AUTO_TEST_SUITE_END()
