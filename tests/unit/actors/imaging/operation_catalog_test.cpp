#include <boost/test/unit_test.hpp>

#include <set>

#include "actors/imaging/operation_catalog.hpp"
#include "actors/imaging/operations/apply_table.hpp"
#include "actors/imaging/operations/gravity.hpp"
#include "actors/imaging/operations/param_values.hpp"
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
      "resize",   "thumbnail", "crop",       "extend",    "trim",       "rotate",
      "flip",     "flop",      "autoorient", "grayscale", "normalize",  "equalize",
      "negate",   "blur",      "sharpen",    "gamma",     "brightness", "threshold",
      "annotate", "watermark", "stats",      "strip",     "format",     "quality"};
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
      bool optional_seen = false;
      for (const auto& param : entry.spec.params) {
        BOOST_TEST(is_lower_identifier(param.name), param.name);
        BOOST_TEST(param.name != "op");
        BOOST_TEST(param_names.insert(param.name).second, "duplicate " << param.name);
        BOOST_TEST(!param.description.empty());
        if (param.type == param_type::choice || param.type == param_type::color) {
          BOOST_TEST(!param.choices.empty());
          for (const auto& choice : param.choices)
            BOOST_TEST(is_lower_identifier(choice));
        } else if (param.type == param_type::image) {
          BOOST_TEST(param.choices.empty());
        } else {
          BOOST_TEST(param.min < param.max, param.name);
          BOOST_TEST(param.choices.empty());
        }
        // Required parameters first: the text form fills them in order.
        BOOST_TEST(!(optional_seen && !param.optional), param.name << " follows an optional one");
        optional_seen = optional_seen || param.optional;
        BOOST_TEST((param.default_value.empty() || param.optional), param.name);
        if (!param.default_value.empty()) {
          auto value = imaging::operations::argument_from_text(param, param.default_value);
          BOOST_TEST_REQUIRE(value.ok(), param.name);
          BOOST_TEST(value->text == param.default_value, "a default must be canonical");
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
  BOOST_TEST(format->params[0].choices == (std::vector<std::string>{"jpeg", "png", "webp", "tiff",
                                                                    "gif", "bmp", "jxl", "avif"}),
             boost::test_tools::per_element());
  BOOST_TEST(format->params[1].default_value == "lossy");
  BOOST_TEST(imaging::find_operation("Resize") == nullptr);
  BOOST_TEST(imaging::find_operation("") == nullptr);
  BOOST_TEST(imaging::to_string(param_type::number) == "number");
}

BOOST_AUTO_TEST_CASE(optional_parameters_and_defaults) {
  const auto* crop = imaging::find_operation("crop");
  BOOST_REQUIRE(crop);
  BOOST_TEST(crop->params.size() == 5u);
  BOOST_TEST((crop->params[0].type == param_type::size));
  BOOST_TEST(!crop->params[1].optional);
  for (std::size_t i : {2, 3, 4}) {
    BOOST_TEST(crop->params[i].optional);
    BOOST_TEST(crop->params[i].default_value.empty()); // "not given" means something
  }
  BOOST_TEST(crop->params[4].choices ==
                 (std::vector<std::string>{"northwest", "north", "northeast", "west", "center",
                                           "east", "southwest", "south", "southeast"}),
             boost::test_tools::per_element());
  const auto* extend = imaging::find_operation("extend");
  BOOST_REQUIRE(extend);
  BOOST_TEST(extend->params[2].default_value == "center");
  BOOST_TEST((extend->params[3].type == param_type::color));
  BOOST_TEST(extend->params[3].default_value == "white");
  const auto* trim = imaging::find_operation("trim");
  BOOST_REQUIRE(trim);
  BOOST_TEST(trim->params[0].default_value == "0");
  BOOST_TEST(trim->params[0].max == 100);
  const auto* annotate = imaging::find_operation("annotate");
  BOOST_REQUIRE(annotate);
  BOOST_TEST((annotate->params[0].type == param_type::text));
  BOOST_TEST(!annotate->params[0].optional);
  BOOST_TEST(annotate->params[0].max == 200);
  BOOST_TEST(annotate->params[1].default_value == "southeast");
  BOOST_TEST(annotate->params[2].min == 4);
  BOOST_TEST(annotate->params[2].max == 512);
  BOOST_TEST(annotate->params[2].default_value == "24");
  BOOST_TEST(annotate->params[3].default_value == "white");
  for (const char* name : {"crop", "extend", "trim", "annotate"})
    BOOST_TEST(imaging::find_operation(name)->summary.find("Keeps 16-bit depth.") !=
                   std::string::npos,
               name);
  BOOST_TEST(imaging::to_string(param_type::size) == "size");
  BOOST_TEST(imaging::to_string(param_type::color) == "color");
  BOOST_TEST(imaging::to_string(param_type::text) == "text");
}

// One placement rule for every gravity: the edges it names, or the middle
// with the difference halved toward zero.
BOOST_AUTO_TEST_CASE(gravity_places_boxes) {
  using imaging::operations::place;
  auto at = [](std::string_view gravity, std::int64_t margin = 0) {
    auto corner = place(gravity, 100, 50, 20, 10, margin);
    return std::make_pair(corner.x, corner.y);
  };
  BOOST_TEST((at("northwest") == std::make_pair<std::int64_t, std::int64_t>(0, 0)));
  BOOST_TEST((at("north") == std::make_pair<std::int64_t, std::int64_t>(40, 0)));
  BOOST_TEST((at("northeast") == std::make_pair<std::int64_t, std::int64_t>(80, 0)));
  BOOST_TEST((at("west") == std::make_pair<std::int64_t, std::int64_t>(0, 20)));
  BOOST_TEST((at("center") == std::make_pair<std::int64_t, std::int64_t>(40, 20)));
  BOOST_TEST((at("east") == std::make_pair<std::int64_t, std::int64_t>(80, 20)));
  BOOST_TEST((at("southwest") == std::make_pair<std::int64_t, std::int64_t>(0, 40)));
  BOOST_TEST((at("south") == std::make_pair<std::int64_t, std::int64_t>(40, 40)));
  BOOST_TEST((at("southeast") == std::make_pair<std::int64_t, std::int64_t>(80, 40)));
  BOOST_TEST((at("southeast", 5) == std::make_pair<std::int64_t, std::int64_t>(75, 35)));
  BOOST_TEST((at("center", 5) == std::make_pair<std::int64_t, std::int64_t>(40, 20)));
  // Larger inside than outside: negative, and the same pixels as a crop.
  auto larger = place("center", 10, 10, 15, 16);
  BOOST_TEST(larger.x == -2);
  BOOST_TEST(larger.y == -3);
  BOOST_TEST(place("center", 15, 16, 10, 10).x == 2);
  BOOST_TEST(place("southeast", 10, 10, 15, 16).y == -6);
}

BOOST_AUTO_TEST_CASE(shrink_roles) {
  BOOST_TEST((names_with_role(shrink_role::transparent) ==
              std::set<std::string>{"autoorient", "strip", "grayscale", "format", "quality"}));
  BOOST_TEST((names_with_role(shrink_role::fit) == std::set<std::string>{"resize", "thumbnail"}));
}

BOOST_AUTO_TEST_SUITE_END()
