#include <boost/test/unit_test.hpp>

#include <set>

#include "actors/imaging/operation_catalog.hpp"
#include "actors/imaging/operations/apply_table.hpp"
#include "actors/imaging/operations/registry.hpp"

using imaging::operation_catalog;
using imaging::param_type;
using imaging::operations::shrink_role;

namespace {

bool is_lower_identifier(const std::string& name) {
  if (name.empty())
    return false;
  for (char c : name)
    if (!(c >= 'a' && c <= 'z'))
      return false;
  return true;
}

std::set<std::string> names_with_role(shrink_role role) {
  std::set<std::string> names;
  for (const auto& entry : imaging::operations::registry())
    if (entry.role == role)
      names.insert(entry.spec.name);
  return names;
}

} // namespace

BOOST_AUTO_TEST_SUITE(operation_catalog_tests)

BOOST_AUTO_TEST_CASE(the_catalog_lists_every_operation_once_in_doc_order) {
  std::vector<std::string> names;
  for (const auto& spec : operation_catalog())
    names.push_back(spec.name);
  std::vector<std::string> expected{
      "resize",     "thumbnail", "crop",     "rotate", "flip",   "flop",    "autoorient",
      "grayscale",  "normalize", "equalize", "negate", "blur",   "sharpen", "gamma",
      "brightness", "threshold", "strip",    "format", "quality"};
  BOOST_TEST(names == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(every_operation_is_complete) {
  for (const auto& entry : imaging::operations::registry()) {
    BOOST_TEST_CONTEXT(entry.spec.name) {
      BOOST_TEST(is_lower_identifier(entry.spec.name));
      BOOST_TEST(!entry.spec.summary.empty());
      BOOST_TEST(entry.output != nullptr);
      BOOST_TEST(imaging::operations::apply_of(entry) != nullptr);
      BOOST_TEST(imaging::find_operation(entry.spec.name) == &entry.spec);
      std::set<std::string> param_names;
      for (const auto& param : entry.spec.params) {
        BOOST_TEST(is_lower_identifier(param.name), param.name);
        BOOST_TEST(param.name != "op");
        BOOST_TEST(param_names.insert(param.name).second, "duplicate " << param.name);
        BOOST_TEST(!param.description.empty());
        if (param.type == param_type::choice) {
          BOOST_TEST(!param.choices.empty());
          for (const auto& choice : param.choices)
            BOOST_TEST(is_lower_identifier(choice));
        } else {
          BOOST_TEST(param.min < param.max, param.name);
          BOOST_TEST(param.choices.empty());
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(declared_ranges) {
  const auto* resize = imaging::find_operation("resize");
  BOOST_REQUIRE(resize);
  BOOST_TEST(resize->params.size() == 2u);
  BOOST_TEST(resize->params[0].max == 16384);
  const auto* crop = imaging::find_operation("crop");
  BOOST_REQUIRE(crop);
  BOOST_TEST(crop->params[2].name == "x");
  BOOST_TEST(crop->params[2].min == 0);
  BOOST_TEST(crop->params[2].max == 65535);
  const auto* rotate = imaging::find_operation("rotate");
  BOOST_TEST((rotate->params[0].type == param_type::number));
  BOOST_TEST(rotate->params[0].min == -360);
  const auto* format = imaging::find_operation("format");
  BOOST_TEST(format->params[0].choices ==
                 (std::vector<std::string>{"jpeg", "png", "webp", "tiff", "gif", "bmp"}),
             boost::test_tools::per_element());
  BOOST_TEST(imaging::find_operation("Resize") == nullptr);
  BOOST_TEST(imaging::find_operation("") == nullptr);
  BOOST_TEST(imaging::to_string(param_type::number) == "number");
}

BOOST_AUTO_TEST_CASE(shrink_roles) {
  BOOST_TEST((names_with_role(shrink_role::transparent) ==
              std::set<std::string>{"autoorient", "strip", "grayscale", "format", "quality"}));
  BOOST_TEST((names_with_role(shrink_role::fit) == std::set<std::string>{"resize", "thumbnail"}));
}

BOOST_AUTO_TEST_SUITE_END()
