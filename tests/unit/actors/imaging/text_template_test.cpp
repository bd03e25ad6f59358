#include <boost/test/unit_test.hpp>

#include "actors/imaging/operations/text_template.hpp"

using imaging::operations::check_placeholders;
using imaging::operations::fill_placeholders;
using imaging::operations::has_placeholders;
using imaging::operations::operation_context;

namespace {

operation_context line_frame() {
  operation_context context;
  context.image_id = "img_01HZX";
  context.created_ms = 1700000000123;
  context.labels = {{"line", "3"}, {"part", "A-1042"}};
  return context;
}

std::string problem_of(std::string_view text) {
  auto checked = check_placeholders(text);
  BOOST_REQUIRE(!checked.ok());
  BOOST_TEST((checked.error().code == model::error_code::invalid_operation));
  return checked.error().message;
}

} // namespace

BOOST_AUTO_TEST_SUITE(text_template_tests)

BOOST_AUTO_TEST_CASE(placeholders_are_filled_from_the_context) {
  auto context = line_frame();
  BOOST_TEST(fill_placeholders("{id}", context) == "img_01HZX");
  BOOST_TEST(fill_placeholders("at {created}", context) == "at 2023-11-14T22:13:20.123Z");
  BOOST_TEST(fill_placeholders("line {label:line}, part {label:part}", context) ==
             "line 3, part A-1042");
  BOOST_TEST(fill_placeholders("[{label:station}]", context) == "[]");
  BOOST_TEST(fill_placeholders("{{id}} is {id}; }}{{", context) == "{id} is img_01HZX; }{");
  BOOST_TEST(fill_placeholders("no placeholders", context) == "no placeholders");
  BOOST_TEST(fill_placeholders("{created}{id}", operation_context{}) == "");
}

BOOST_AUTO_TEST_CASE(only_known_placeholders_pass_the_check) {
  for (const char* fine :
       {"", "plain", "{id}{created}", "{label:line}", "{label:a.b-c_9}", "{{}}", "{{id}}", "}}"})
    BOOST_TEST(check_placeholders(fine).ok(), fine);
  BOOST_TEST(problem_of("{name}") ==
             "unknown placeholder \"{name}\"; known: {id}, {created}, {label:KEY}, and {{ }} "
             "for braces");
  BOOST_TEST(problem_of("{}").find("unknown placeholder \"{}\"") == 0u);
  BOOST_TEST(problem_of("{label:" + std::string(65, 'a') + "}").find("unknown placeholder") == 0u);
  BOOST_TEST(problem_of("{label:UPPER}").find("unknown placeholder") == 0u);
  BOOST_TEST(problem_of("{ id }").find("unknown placeholder") == 0u);
  BOOST_TEST(problem_of("a}b") == "a single } must be written }}");
  BOOST_TEST(problem_of("{{id}") == "a single } must be written }}");
  BOOST_TEST(problem_of("{id") == "a { opens no placeholder (write {{ for a brace)");
  BOOST_TEST(problem_of("{{{id") == "a { opens no placeholder (write {{ for a brace)");
}

BOOST_AUTO_TEST_CASE(only_real_placeholders_make_a_text_depend_on_the_image) {
  BOOST_TEST(has_placeholders("{id}"));
  BOOST_TEST(has_placeholders("x {label:line}"));
  BOOST_TEST(!has_placeholders("{{id}}"));
  BOOST_TEST(!has_placeholders("plain"));
}

BOOST_AUTO_TEST_SUITE_END()
