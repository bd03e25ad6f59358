// Strict validation on a real node: every parameter of every operation in
// the catalog is checked against its declared range in both command forms,
// a command holds at most 64 operations, and ids and version numbers are
// checked; each refusal is a 400 that names what is wrong.

#include <boost/test/unit_test.hpp>

#include <cctype>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/test_images.hpp"
#include "tests/system/integration/standalone_node.hpp"

namespace {

using integration::error_code_of;
using integration::image_path;

// An image stored on the node: the valid value of image parameters, which
// must name a stored image.
std::string stored_image_id;

struct validation_node : integration::standalone_node {
  validation_node()
      : image_id(upload(test_images::gradient(imaging::image_format::png, 64, 48))["id"]) {
    stored_image_id = image_id;
  }

  /// Requires a 400 with `code` whose message holds `part`.
  void expect_refused(const test_support::http_reply& reply, const std::string& code,
                      const std::string& part) {
    BOOST_TEST(reply.status == 400, reply.body);
    BOOST_TEST(error_code_of(reply) == code);
    std::string message = reply.json()["error"]["message"];
    BOOST_TEST(message.find(part) != std::string::npos, message << " does not name " << part);
  }

  test_support::http_reply text_command(const std::string& text) {
    return client.post(image_path(image_id, "/commands"), text, "text/plain");
  }
  test_support::http_reply json_command(const nlohmann::json& ops) {
    return client.post(image_path(image_id, "/commands"), nlohmann::json{{"ops", ops}}.dump(),
                       "application/json");
  }

  std::string image_id;
};

// A valid value of `param` (its minimum, or its first choice).
nlohmann::json valid_value(const nlohmann::json& param) {
  if (param["type"] == "text")
    return "text";
  if (param["type"] == "image")
    return stored_image_id;
  return param["type"] == "choice" || param["type"] == "color" ? param["choices"][0] : param["min"];
}

// Another valid value of `param`: its maximum, or its last choice.
nlohmann::json other_valid_value(const nlohmann::json& param) {
  if (param["type"] == "text")
    return std::string(param["max_bytes"].get<std::size_t>(), 'x');
  if (param["type"] == "image") { // ids are case-insensitive
    std::string lower = stored_image_id;
    for (auto& c : lower)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower;
  }
  return param["type"] == "choice" || param["type"] == "color" ? param["choices"].back()
                                                               : param["max"];
}

// Values just outside the declared range, and values of the wrong kind.
std::vector<nlohmann::json> invalid_values(const nlohmann::json& param) {
  if (param["type"] == "choice")
    return {"no-such-choice", "", 1};
  if (param["type"] == "color")
    return {"no-such-color", "", 1, "#12"};
  if (param["type"] == "text")
    return {"", 1, std::string(param["max_bytes"].get<std::size_t>() + 1, 'x'), "{nope}"};
  if (param["type"] == "image")
    return {"",
            1,
            stored_image_id.substr(1),
            "8" + stored_image_id.substr(1),
            stored_image_id + "0",
            "UUUUUUUUUUUUUUUUUUUUUUUUUU"};
  std::vector<nlohmann::json> values{"abc", "1e999", nullptr, nlohmann::json::array()};
  if (param["type"] == "integer") {
    values.push_back(param["min"].get<std::int64_t>() - 1);
    values.push_back(param["max"].get<std::int64_t>() + 1);
    values.push_back(param["min"].get<double>() + 0.5);
  } else if (param["type"] == "size") {
    values.push_back(param["min"].get<std::int64_t>() - 1);
    values.push_back(param["max"].get<std::int64_t>() + 1);
    values.push_back(param["min"].get<double>() + 0.5);
    values.push_back("0%");
    values.push_back(std::to_string(param["max_percent"].get<int>() + 1) + "%");
  } else {
    values.push_back(param["min"].get<double>() - 1);
    values.push_back(param["max"].get<double>() + 1);
    values.push_back("nan");
  }
  return values;
}

// The text form of a value: strings as they are, numbers as JSON writes them.
std::string as_text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(validation, validation_node)

BOOST_AUTO_TEST_CASE(every_parameter_is_checked_against_its_declared_range) {
  auto catalog = client.get("/v1/operations").json()["operations"];
  BOOST_TEST_REQUIRE(catalog.size() >= 10u);
  std::size_t refusals = 0;
  for (const auto& operation : catalog) {
    std::string name = operation["name"];
    const auto& params = operation["params"];
    for (std::size_t bad = 0; bad < params.size(); ++bad) {
      const std::string param_name = params[bad]["name"];
      for (const auto& value : invalid_values(params[bad])) {
        BOOST_TEST_CONTEXT(name << " " << param_name << " = " << value.dump()) {
          nlohmann::json call = {{"op", name}};
          std::string text = name;
          for (std::size_t i = 0; i < params.size(); ++i) {
            auto given = i == bad ? value : valid_value(params[i]);
            call[params[i]["name"].get<std::string>()] = given;
            text += " " + (given.is_null() || given.is_array() ? "x" : as_text(given));
          }
          expect_refused(json_command(nlohmann::json::array({call})), "invalid_operation",
                         "ops[0]: " + name + ": " + param_name);
          // Any word is a valid text; an optional argument that fits none
          // of the optional parameters is refused without naming the one
          // meant.
          bool text_form = !value.is_array() &&
                           !(value.is_string() && value.get<std::string>().empty()) &&
                           !(params[bad]["type"] == "text" && !value.is_string());
          if (text_form)
            expect_refused(text_command(text + "\n"), "invalid_operation",
                           "line 1: " + name + ": " +
                               (params[bad]["optional"] == true ? "" : param_name));
          ++refusals;
        }
      }
    }
    // Too many arguments (five ones fit no operation), and too few.
    expect_refused(text_command(name + " 1 1 1 1 1\n"), "invalid_operation", name);
    if (!params.empty() && params[0]["optional"] == false)
      expect_refused(text_command(name + "\n"), "invalid_operation", name);
  }
  BOOST_TEST_MESSAGE(refusals << " invalid parameter values refused");
  BOOST_TEST(client.get(image_path(image_id)).json()["versions"].empty());
}

// Optional parameters without a default may be alternatives (crop: x and
// y, or a gravity): the call at the minimum leaves out the last of them,
// the call at the maximum gives only that one.
BOOST_AUTO_TEST_CASE(valid_values_at_both_ends_of_each_range_are_accepted) {
  auto catalog = client.get("/v1/operations").json()["operations"];
  auto ops = nlohmann::json::array();
  for (const auto& operation : catalog) {
    nlohmann::json at_min = {{"op", operation["name"]}};
    nlohmann::json at_max = at_min;
    std::string last_without_default;
    for (const auto& param : operation["params"])
      if (param["optional"] == true && !param.contains("default"))
        last_without_default = param["name"];
    for (const auto& param : operation["params"]) {
      std::string name = param["name"];
      bool alternative = param["optional"] == true && !param.contains("default");
      if (!alternative || name != last_without_default)
        at_min[name] = valid_value(param);
      if (!alternative || name == last_without_default)
        at_max[name] = other_valid_value(param);
    }
    ops.push_back(at_min);
    ops.push_back(at_max);
  }
  BOOST_TEST_REQUIRE(ops.size() <= 64u);
  auto reply = json_command(ops);
  BOOST_TEST(reply.status == 202, reply.body);
}

BOOST_AUTO_TEST_CASE(a_command_holds_at_most_64_operations) {
  std::string sixty_four;
  for (int i = 0; i < 64; ++i)
    sixty_four += "flip\n";
  BOOST_TEST(text_command(sixty_four).status == 202);
  expect_refused(text_command(sixty_four + "flop\n"), "invalid_operation", "64");
  auto ops = nlohmann::json::array();
  for (int i = 0; i < 65; ++i)
    ops.push_back({{"op", "flip"}});
  expect_refused(json_command(ops), "invalid_operation", "64");
  expect_refused(json_command(nlohmann::json::array()), "invalid_operation", "empty");
}

BOOST_AUTO_TEST_CASE(ids_and_version_numbers_are_validated) {
  for (const std::string id :
       {"not-an-id", "01ARZ3NDEKTSV4RRFFQ69G5FA", "01ARZ3NDEKTSV4RRFFQ69G5FAVV",
        "01ARZ3NDEKTSV4RRFFQ69G5FAU", "81ARZ3NDEKTSV4RRFFQ69G5FAV", "%2e%2e%2f%2e%2e%2fetc",
        "01ARZ3NDEKTSV4RRFFQ69G5FA%00"}) {
    BOOST_TEST_CONTEXT(id) {
      expect_refused(client.get("/v1/images/" + id), "invalid_id", "");
      expect_refused(client.post("/v1/images/" + id + "/commands", "flip", "text/plain"),
                     "invalid_id", "");
    }
  }
  // ULIDs are case-insensitive: the lower-case spelling names the same image.
  std::string lower_case_id = image_id;
  for (char& c : lower_case_id)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto by_lower_case = client.get("/v1/images/" + lower_case_id);
  BOOST_TEST(by_lower_case.status == 200, by_lower_case.body);
  BOOST_TEST(by_lower_case.json()["id"] == image_id);
  for (const std::string number : {"0", "-1", "01", "1.0", "abc", "2147483648", "99999999999"}) {
    BOOST_TEST_CONTEXT(number) {
      expect_refused(client.get(image_path(image_id, "/versions/" + number)), "invalid_id", "");
    }
  }
  expect_refused(client.get("/v1/images?before=not-an-id"), "invalid_id", "");
  for (const std::string base : {"0", "-1", "abc", "2147483648"})
    expect_refused(
        client.post(image_path(image_id, "/commands?base=" + base), "flip", "text/plain"),
        "invalid_request", "base");
}

BOOST_AUTO_TEST_SUITE_END()
