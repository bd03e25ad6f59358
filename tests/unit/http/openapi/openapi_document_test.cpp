#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "actors/imaging/operation_catalog.hpp"
#include "http/events/event_routes.hpp"
#include "http/events/event_stream_hub.hpp"
#include "http/openapi/error_schemas.hpp"
#include "http/openapi/openapi_document.hpp"
#include "http/openapi/openapi_route.hpp"
#include "http/openapi/operation_schemas.hpp"
#include "http/openapi/response_examples.hpp"
#include "http/routes/routes.hpp"
#include "http/routing/access_control.hpp"
#include "http/views/error_response.hpp"
#include "http/webhooks/webhook_registry.hpp"
#include "http/webhooks/webhook_routes.hpp"
#include "tests/unit/http/fake_image_service.hpp"
#include "tests/unit/http/openapi/empty_event_log.hpp"

namespace {

using nlohmann::json;
namespace openapi = http_api::openapi;

const openapi::document_limits limits{1 << 20, 1 << 15, {}};

// Every route of a head node, added as nodes/head_node.cpp adds them.
struct head_routes {
  http_test::fake_image_service service;
  openapi_test::empty_event_log log;
  webhooks::webhook_registry hooks{log, {}, nullptr};
  events::event_stream_hub streams{log, std::chrono::seconds(1)};
  http_api::router routes;

  head_routes() {
    http_api::add_api_routes(routes, service);
    webhooks::add_webhook_routes(routes, hooks);
    events::add_event_routes(routes, streams, log);
    openapi::add_openapi_route(routes, limits);
  }

  json document() const {
    return openapi::openapi_document(routes.declarations(), limits);
  }
};

std::string names(const std::vector<http_api::route_declaration>& routes) {
  std::string text;
  for (const auto& route : routes)
    text += " " + route.method + " " + route.pattern;
  return text;
}

} // namespace

BOOST_AUTO_TEST_SUITE(openapi_document)

BOOST_AUTO_TEST_CASE(every_route_of_a_head_is_described_and_every_description_routed) {
  head_routes head;
  auto drift = openapi::drift_of(head.routes.declarations(), openapi::route_docs(limits));
  BOOST_TEST(drift.undescribed.empty(),
             "routes without a description:" << names(drift.undescribed));
  BOOST_TEST(drift.unrouted.empty(), "descriptions of no route:" << names(drift.unrouted));
  auto document = head.document();
  for (const auto& route : head.routes.declarations()) {
    std::string method = route.method == "DELETE" ? "delete"
                         : route.method == "POST" ? "post"
                                                  : "get";
    BOOST_TEST_CONTEXT(route.method << " " << route.pattern) {
      BOOST_TEST(document["paths"][route.pattern].contains(method));
      BOOST_TEST(!document["paths"][route.pattern][method].contains("x-undescribed"));
    }
  }
}

BOOST_AUTO_TEST_CASE(every_recorded_example_stands_beside_its_response) {
  head_routes head;
  auto document = head.document();
  BOOST_TEST(!openapi::response_examples().empty());
  for (const auto& example : openapi::response_examples()) {
    std::string method = example.method == "POST" ? "post" : "get";
    BOOST_TEST_CONTEXT(example.method << " " << example.pattern << " " << example.status) {
      auto shown = document["paths"][example.pattern][method]["responses"][example.status]
                           ["content"]["application/json"]["example"];
      BOOST_TEST(shown == json::parse(example.json));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_route_added_without_a_description_is_reported) {
  head_routes head;
  head.routes.add("GET", "/v1/images/{id}/thumbnail", [](auto&, const auto&) {});
  auto drift = openapi::drift_of(head.routes.declarations(), openapi::route_docs(limits));
  BOOST_TEST_REQUIRE(drift.undescribed.size() == 1u);
  BOOST_TEST(drift.undescribed.front().pattern == "/v1/images/{id}/thumbnail");
  auto document = head.document();
  BOOST_TEST(document["paths"]["/v1/images/{id}/thumbnail"]["get"]["x-undescribed"] == true);
}

BOOST_AUTO_TEST_CASE(a_description_without_a_route_is_reported) {
  http_test::fake_image_service service;
  http_api::router routes;
  http_api::add_api_routes(routes, service);
  auto drift = openapi::drift_of(routes.declarations(), openapi::route_docs(limits));
  BOOST_TEST(drift.undescribed.empty());
  // The head's webhooks, event stream and this document are not among them.
  BOOST_TEST(drift.unrouted.size() == 6u, names(drift.unrouted));
}

BOOST_AUTO_TEST_CASE(security_follows_the_access_table) {
  head_routes head;
  auto document = head.document();
  for (const auto& [path, item] : document["paths"].items())
    for (const auto& [method, operation] : item.items()) {
      std::string upper = method;
      for (auto& c : upper)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      auto level = http_api::required_access(upper, path);
      json expected = json::array();
      if (level == http_api::access_level::device)
        expected = json::parse(R"([{"bearer":["device"]}])");
      if (level == http_api::access_level::admin)
        expected = json::parse(R"([{"bearer":["admin"]}])");
      BOOST_TEST_CONTEXT(method << " " << path) {
        BOOST_TEST(operation["security"] == expected);
        BOOST_TEST(operation["responses"].contains("401") ==
                   (level != http_api::access_level::open));
        BOOST_TEST(operation["responses"].contains("403") ==
                   (level == http_api::access_level::admin));
      }
    }
  BOOST_TEST(document["paths"]["/v1/openapi.json"]["get"]["security"] == json::array());
}

BOOST_AUTO_TEST_CASE(every_operation_of_the_catalog_has_a_schema_with_every_parameter) {
  auto schemas = openapi::operation_schemas(imaging::operation_catalog());
  const auto& catalog = imaging::operation_catalog();
  BOOST_TEST(schemas["Operation"]["oneOf"].size() == catalog.size());
  for (const auto& operation : catalog) {
    BOOST_TEST_CONTEXT(operation.name) {
      const auto& schema = schemas.at(openapi::operation_schema_name(operation));
      BOOST_TEST(schema["properties"]["op"]["const"] == operation.name);
      BOOST_TEST(schema["properties"].size() == operation.params.size() + 1);
      for (const auto& param : operation.params) {
        BOOST_TEST(schema["properties"].contains(param.name), param.name);
        bool required = false;
        for (const auto& name : schema["required"])
          required = required || name == param.name;
        BOOST_TEST(required == !param.optional, param.name);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_parameter_added_to_the_catalog_is_in_its_schema_with_its_range) {
  auto catalog = imaging::operation_catalog();
  imaging::param_spec added;
  added.name = "passes";
  added.type = imaging::param_type::integer;
  added.min = 1;
  added.max = 9;
  added.optional = true;
  added.default_value = "3";
  catalog.front().params.push_back(added);
  auto schemas = openapi::operation_schemas(catalog);
  const auto& schema = schemas.at(openapi::operation_schema_name(catalog.front()));
  BOOST_TEST(schema["properties"]["passes"]["minimum"] == 1);
  BOOST_TEST(schema["properties"]["passes"]["maximum"] == 9);
  BOOST_TEST(schema["properties"]["passes"]["default"] == 3);
}

BOOST_AUTO_TEST_CASE(every_error_code_has_a_response_with_its_status) {
  auto schemas = openapi::error_schemas();
  auto responses = openapi::error_responses();
  auto codes = schemas["Error"]["properties"]["error"]["properties"]["code"]["enum"];
  BOOST_TEST(codes.size() == 27u);
  for (const auto& name : codes) {
    auto code = *model::error_code_from_string(name.get<std::string>());
    auto status = http_api::status_for(code);
    BOOST_TEST_CONTEXT(name) {
      const auto& per_status = schemas.at(openapi::error_response_name(status));
      const auto& listed = per_status["properties"]["error"]["properties"]["code"]["enum"];
      BOOST_TEST((std::find(listed.begin(), listed.end(), name) != listed.end()));
      BOOST_TEST(responses.contains(openapi::error_response_name(status)));
    }
  }
}

BOOST_AUTO_TEST_CASE(the_limits_come_from_the_options) {
  head_routes head;
  auto document = head.document();
  BOOST_TEST(document["info"]["x-limits"]["max_body_bytes"] == limits.max_body_bytes);
  BOOST_TEST(document["paths"]["/v1/images"]["post"]["requestBody"]["x-max-bytes"] ==
             limits.max_body_bytes);
  BOOST_TEST(document["components"]["parameters"]["Wait"]["schema"]["maximum"] == 60);
}

BOOST_AUTO_TEST_SUITE_END()
