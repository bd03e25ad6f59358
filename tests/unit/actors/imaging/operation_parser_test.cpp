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
  if (param.type == imaging::param_type::size)
    return {"1", "800", "16384", "1%", "12.5%", "100%"};
  if (param.type == imaging::param_type::color)
    return {"black", "transparent", "#abc", "#a0b1c2", "#a0b1c2d3"};
  if (param.type == imaging::param_type::text)
    return {"hello",
            "with \"quotes\", \\ and # in it",
            "{id} {created} {label:line}",
            "{{literal}} braces",
            "\xC3\xA9\xE2\x82\xAC \xE2\x9C\x93",
            std::string(200, 'x')};
  if (param.type == imaging::param_type::image)
    return {"01ARZ3NDEKTSV4RRFFQ69G5FAV", "7ZZZZZZZZZZZZZZZZZZZZZZZZZ"};
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
  BOOST_TEST(text_error("format svg") == "line 1: format: format must be one of jpeg, png, webp, "
                                         "tiff, gif, bmp, jxl, avif, got \"svg\"");
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
  BOOST_TEST(json_error(json::parse(R"([{"op":"flip"},{"op":"resize","width":3}])")) ==
             "ops[1]: resize: missing parameter \"height\"");
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
  BOOST_TEST(
      json_error(json::parse(R"([{"op":"format","format":1}])")) ==
      "ops[0]: format: format must be one of jpeg, png, webp, tiff, gif, bmp, jxl, avif, got 1");
  BOOST_TEST(json_error(json::parse(R"([{"op":"format","format":"jpg"}])")) ==
             "ops[0]: format: format must be one of jpeg, png, webp, tiff, gif, bmp, jxl, avif, "
             "got \"jpg\"");
}

// Every sample value, with every subset of the optional parameters: what
// parses comes back unchanged through the text and the JSON form.
BOOST_AUTO_TEST_CASE(every_operation_round_trips_through_text_and_json) {
  for (const auto& spec : imaging::operation_catalog()) {
    std::size_t samples = 1;
    std::vector<std::size_t> optional;
    for (std::size_t p = 0; p < spec.params.size(); ++p) {
      samples = std::max(samples, sample_values(spec.params[p]).size());
      if (spec.params[p].optional)
        optional.push_back(p);
    }
    std::size_t parsed_forms = 0;
    for (std::size_t i = 0; i < samples; ++i) {
      for (std::size_t subset = 0; subset < (std::size_t{1} << optional.size()); ++subset) {
        op_call call{spec.name, {}};
        for (std::size_t p = 0, o = 0; p < spec.params.size(); ++p) {
          if (spec.params[p].optional && !(subset & (std::size_t{1} << o++)))
            continue;
          auto values = sample_values(spec.params[p]);
          call.args.push_back(values[i % values.size()]);
        }
        auto parsed = parse_operations_text(imaging::operation_to_text(call));
        if (!parsed) // combinations an operation refuses, such as crop's x with a gravity
          continue;
        ++parsed_forms;
        auto canonical = parsed->front();
        BOOST_TEST_CONTEXT(imaging::operation_to_text(canonical)) {
          auto from_text = parse_text(imaging::operation_to_text(canonical));
          BOOST_TEST((from_text == std::vector<op_call>{canonical}));
          json as_json = json::array({imaging::operation_to_json(canonical)});
          auto from_json = parse_json(json::parse(as_json.dump()));
          BOOST_TEST((from_json == std::vector<op_call>{canonical}));
        }
      }
    }
    BOOST_TEST(parsed_forms >= samples, spec.name);
  }
}

BOOST_AUTO_TEST_CASE(crop_at_an_offset_or_a_gravity_in_pixels_or_percent) {
  BOOST_TEST(
      (parse_text("crop 800 600 100 50")[0] == op_call{"crop", {"800", "600", "100", "50"}}));
  BOOST_TEST((parse_text("crop 800 600 center")[0] == op_call{"crop", {"800", "600", "center"}}));
  BOOST_TEST((parse_text("crop 50% 50% CENTER")[0] == op_call{"crop", {"50%", "50%", "center"}}));
  BOOST_TEST(
      (parse_text("crop 050.0% 12.50% 10 10")[0] == op_call{"crop", {"50%", "12.5%", "10", "10"}}));
  auto ops = parse_json(json::parse(R"([{"op":"crop","width":800,"height":600,"gravity":"center"},
                                        {"op":"crop","width":"50%","height":"600","x":0,"y":5}])"));
  std::vector<op_call> expected{{"crop", {"800", "600", "center"}},
                                {"crop", {"50%", "600", "0", "5"}}};
  BOOST_TEST(ops == expected, boost::test_tools::per_element());
  BOOST_TEST(imaging::operation_to_json({"crop", {"50%", "600", "center"}}).dump() ==
             R"({"gravity":"center","height":600,"op":"crop","width":"50%"})");
  BOOST_TEST(imaging::operation_to_text({"crop", {"50%", "600", "center"}}) ==
             "crop 50% 600 center");
}

BOOST_AUTO_TEST_CASE(crop_errors) {
  BOOST_TEST(text_error("crop 10 10") == "line 1: crop: give x and y, or a gravity");
  BOOST_TEST(text_error("crop 10 10 5") == "line 1: crop: give both x and y");
  BOOST_TEST(text_error("crop 10 10 5 5 center") ==
             "line 1: crop: give x and y, or a gravity, not both");
  BOOST_TEST(text_error("crop 10 10 center 5") ==
             "line 1: crop: unexpected argument \"5\" after gravity");
  BOOST_TEST(text_error("crop 10 10 up") == "line 1: crop: \"up\" is not a valid x, y or gravity");
  BOOST_TEST(text_error("crop 10 10 1 2 3 4") ==
             "line 1: crop: expected 2 to 5 arguments (width height [x] [y] [gravity]), got 6");
  const std::string size_expected =
      "must be a size in pixels from 1 to 16384 or in percent from 1% to 100%, got ";
  BOOST_TEST(text_error("crop 101% 10 center") ==
             "line 1: crop: width " + size_expected + "\"101%\"");
  for (const char* bad : {"0%", "0.5%", "%", "50%%", "-5%", "nan%", "1e400%", "0", "16385", "1.5"})
    BOOST_TEST(text_error(std::string("crop 10 ") + bad + " center") ==
                   "line 1: crop: height " + size_expected + "\"" + bad + "\"",
               bad);
  BOOST_TEST(json_error(json::parse(
                 R"([{"op":"crop","width":10,"height":10,"x":0,"y":0,"gravity":"north"}])")) ==
             "ops[0]: crop: give x and y, or a gravity, not both");
  BOOST_TEST(json_error(json::parse(R"([{"op":"crop","width":10,"height":10,"y":0}])")) ==
             "ops[0]: crop: give both x and y");
  BOOST_TEST(json_error(json::parse(R"([{"op":"crop","width":10,"height":10}])")) ==
             "ops[0]: crop: give x and y, or a gravity");
  BOOST_TEST(json_error(json::parse(R"([{"op":"crop","width":"101%","height":1,"x":0,"y":0}])")) ==
             "ops[0]: crop: width " + size_expected + "\"101%\"");
  BOOST_TEST(json_error(json::parse(R"([{"op":"crop","width":10.5,"height":1,"x":0,"y":0}])")) ==
             "ops[0]: crop: width " + size_expected + "10.5");
  BOOST_TEST(json_error(json::parse(R"([{"op":"crop","width":10,"height":1,"gravity":"up"}])")) ==
             "ops[0]: crop: gravity must be one of northwest, north, northeast, west, center, "
             "east, southwest, south, southeast, got \"up\"");
}

BOOST_AUTO_TEST_CASE(extend_and_trim_take_their_defaults) {
  // Canonical forms leave out what equals its default.
  BOOST_TEST((parse_text("extend 800 600")[0] == op_call{"extend", {"800", "600"}}));
  BOOST_TEST((parse_text("extend 800 600 center white")[0] == op_call{"extend", {"800", "600"}}));
  BOOST_TEST((parse_text("extend 800 600 north")[0] == op_call{"extend", {"800", "600", "north"}}));
  BOOST_TEST((parse_text("extend 800 600 #FF000080 # red, half transparent")[0] ==
              op_call{"extend", {"800", "600", "#ff000080"}}));
  BOOST_TEST((parse_text("extend 800 600 South Transparent")[0] ==
              op_call{"extend", {"800", "600", "south", "transparent"}}));
  BOOST_TEST(
      (parse_json(json::parse(R"([{"op":"extend","width":8,"height":6,"color":"#ABC"}])"))[0] ==
       op_call{"extend", {"8", "6", "#abc"}}));
  BOOST_TEST(imaging::operation_to_json({"extend", {"8", "6", "center", "white"}}).dump() ==
             R"({"height":6,"op":"extend","width":8})");
  BOOST_TEST((parse_text("trim")[0] == op_call{"trim", {}}));
  BOOST_TEST((parse_text("trim 0")[0] == op_call{"trim", {}}));
  BOOST_TEST((parse_text("trim 12.5")[0] == op_call{"trim", {"12.5"}}));
  BOOST_TEST((parse_json(json::parse(R"([{"op":"trim","fuzz":0}])"))[0] == op_call{"trim", {}}));
  const std::string color_expected =
      "must be a color name (black, white, gray, silver, red, maroon, orange, yellow, olive, "
      "lime, green, aqua, teal, blue, navy, fuchsia, purple, transparent) or #rgb, #rrggbb or "
      "#rrggbbaa, got ";
  // Hexadecimal words are colors, checked as such, not comments.
  for (const char* bad : {"#12", "#ff00", "#1234567", "#abcdef0123", "purplish", "\"#ff\""})
    BOOST_TEST(text_error(std::string("extend 10 10 center ") + bad) ==
                   "line 1: extend: color " + color_expected +
                       (bad[0] == '"' ? std::string(bad) : "\"" + std::string(bad) + "\""),
               bad);
  BOOST_TEST(
      (parse_text("extend 10 10 north #note")[0] == op_call{"extend", {"10", "10", "north"}}));
  BOOST_TEST(text_error("extend 10 10 red south") ==
             "line 1: extend: unexpected argument \"south\" after color");
  BOOST_TEST(json_error(json::parse(R"([{"op":"extend","width":8,"height":6,"color":"#ggg"}])")) ==
             "ops[0]: extend: color " + color_expected + "\"#ggg\"");
  BOOST_TEST(text_error("trim 101") ==
             "line 1: trim: fuzz must be a number from 0 to 100, got \"101\"");
  BOOST_TEST(text_error("trim 10%") ==
             "line 1: trim: fuzz must be a number from 0 to 100, got \"10%\"");
}

BOOST_AUTO_TEST_CASE(annotate_takes_a_quoted_text) {
  BOOST_TEST((parse_text("annotate \"Line 3: {label:line}\"")[0] ==
              op_call{"annotate", {"Line 3: {label:line}"}}));
  BOOST_TEST(
      (parse_text("annotate hello southeast 24 white")[0] == op_call{"annotate", {"hello"}}));
  BOOST_TEST((parse_text("annotate \"a \\\"b\\\" \\\\ c\" north 32 #000")[0] ==
              op_call{"annotate", {"a \"b\" \\ c", "north", "32", "#000"}}));
  BOOST_TEST((parse_text("annotate \"#1 {{x}}\"\t48 # the size")[0] ==
              op_call{"annotate", {"#1 {{x}}", "48"}}));
  BOOST_TEST((parse_text("annotate x red")[0] == op_call{"annotate", {"x", "red"}}));
  BOOST_TEST((parse_json(json::parse(R"([{"op":"annotate","text":"{id}","size":12}])"))[0] ==
              op_call{"annotate", {"{id}", "12"}}));
  BOOST_TEST(imaging::operation_to_text({"annotate", {"a \"b\" \\ c", "north", "32", "#000"}}) ==
             "annotate \"a \\\"b\\\" \\\\ c\" north 32 #000");
  BOOST_TEST(imaging::operation_to_json({"annotate", {"{id}", "north", "32", "#000"}}).dump() ==
             R"({"color":"#000","gravity":"north","op":"annotate","size":32,"text":"{id}"})");
}

BOOST_AUTO_TEST_CASE(annotate_errors) {
  const std::string text_expected =
      "line 1: annotate: text must be a text of 1 to 200 bytes (UTF-8, no control characters), "
      "got ";
  BOOST_TEST(text_error("annotate \"abc") ==
             "line 1: unterminated quote: a quoted text ends with \"");
  BOOST_TEST(text_error("annotate \"abc\\\"") ==
             "line 1: unterminated quote: a quoted text ends with \"");
  BOOST_TEST(text_error("annotate \"a\nb\"") ==
             "line 1: unterminated quote: a quoted text ends with \"");
  BOOST_TEST(text_error("annotate \"abc\"def") == "line 1: a blank must follow the closing quote");
  BOOST_TEST(text_error("annotate \"a\\nb\"") ==
             "line 1: in quotes, a backslash must be followed by \" or \\");
  BOOST_TEST(text_error("annotate \"\"") == text_expected + "\"\"");
  BOOST_TEST(text_error("annotate \"a\tb\"") == text_expected + "\"a\\x09b\"");
  BOOST_TEST(text_error("annotate \"a\x7f\"") == text_expected + "\"a\\x7f\"");
  BOOST_TEST(text_error("annotate \"a\xC2\x85\"") == text_expected + "\"a\\xc2\\x85\"");
  BOOST_TEST(text_error("annotate \"\xFF\"") == text_expected + "\"\\xff\"");
  BOOST_TEST(text_error("annotate \"" + std::string(201, 'x') + "\"") ==
             text_expected + "\"" + std::string(40, 'x') + "...\"");
  BOOST_TEST(json_error(json::array({{{"op", "annotate"}, {"text", "a\x07"}}})) ==
             "ops[0]: annotate: text must be a text of 1 to 200 bytes (UTF-8, no control "
             "characters), got \"a\\u0007\"");
  BOOST_TEST(json_error(json::parse(R"([{"op":"annotate","text":7}])")) ==
             "ops[0]: annotate: text must be a text of 1 to 200 bytes (UTF-8, no control "
             "characters), got 7");
  BOOST_TEST(json_error(json::parse(R"([{"op":"annotate"}])")) ==
             "ops[0]: annotate: missing parameter \"text\"");
  const std::string known = "; known: {id}, {created}, {label:KEY}, and {{ }} for braces";
  BOOST_TEST(text_error("annotate \"{foo}\"") ==
             "line 1: annotate: text: unknown placeholder \"{foo}\"" + known);
  BOOST_TEST(text_error("annotate \"at {label:Line}\"") ==
             "line 1: annotate: text: unknown placeholder \"{label:Line}\"" + known);
  BOOST_TEST(text_error("annotate \"{label:}\"") ==
             "line 1: annotate: text: unknown placeholder \"{label:}\"" + known);
  BOOST_TEST(json_error(json::parse(R"([{"op":"annotate","text":"{ID}"}])")) ==
             "ops[0]: annotate: text: unknown placeholder \"{ID}\"" + known);
  BOOST_TEST(text_error("annotate \"a } b\"") ==
             "line 1: annotate: text: a single } must be written }}");
  BOOST_TEST(text_error("annotate \"{id\"") ==
             "line 1: annotate: text: a { opens no placeholder (write {{ for a brace)");
  BOOST_TEST(text_error("annotate \"{a{id}\"") ==
             "line 1: annotate: text: a { opens no placeholder (write {{ for a brace)");
  BOOST_TEST(text_error("annotate x 3") ==
             "line 1: annotate: size must be an integer from 4 to 512, got \"3\"");
  BOOST_TEST(text_error("annotate x red center") ==
             "line 1: annotate: unexpected argument \"center\" after color");
  BOOST_TEST(text_error("annotate x 12 10") ==
             "line 1: annotate: color must be a color name (black, white, gray, silver, red, "
             "maroon, orange, yellow, olive, lime, green, aqua, teal, blue, navy, fuchsia, "
             "purple, transparent) or #rgb, #rrggbb or #rrggbbaa, got \"10\"");
}

BOOST_AUTO_TEST_CASE(placeholders_make_a_command_depend_on_the_image) {
  BOOST_TEST(imaging::reads_image_context(parse_text("flip\nannotate \"{id}\"")));
  BOOST_TEST(imaging::reads_image_context(parse_text("annotate \"at {created}\"")));
  BOOST_TEST(!imaging::reads_image_context(parse_text("annotate \"{{id}}\"\nflip")));
  BOOST_TEST(!imaging::reads_image_context(parse_text("resize 10 10")));
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
