#include <boost/test/unit_test.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/routing/router.hpp"
#include "tests/unit/http/dispatch.hpp"

namespace {

using http_api::http_request;
using http_api::http_response;
using http_api::responder;
using http_test::dispatch;
using http_test::error_code_of;
using http_test::header_of;
using http_test::request_for;

// A handler answering 200 with its path parameters joined by '|'.
http_api::handler echo_params() {
  return [](http_request& request, const responder& respond) {
    http_response response;
    for (const auto& param : request.path_params)
      response.body += param + "|";
    respond(std::move(response));
  };
}

} // namespace

BOOST_AUTO_TEST_SUITE(router)

BOOST_AUTO_TEST_CASE(placeholders_capture_segments_in_order) {
  http_api::router routes;
  routes.add("GET", "/v1/images/{id}/versions/{n}", echo_params());
  auto response = dispatch(routes, request_for("GET", "/v1/images/ABC/versions/7"));
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.body == "ABC|7|");
}

BOOST_AUTO_TEST_CASE(literal_segments_win_only_when_equal) {
  http_api::router routes;
  routes.add("GET", "/v1/images/{id}/original", echo_params());
  BOOST_TEST(dispatch(routes, request_for("GET", "/v1/images/X/original")).status == 200);
  BOOST_TEST(dispatch(routes, request_for("GET", "/v1/images/X/originals")).status == 404);
}

BOOST_AUTO_TEST_CASE(unknown_paths_are_404_not_found) {
  http_api::router routes;
  routes.add("GET", "/v1/images", echo_params());
  for (const char* path : {"/v1/image", "/v1/images/", "/", "", "v1/images", "/v1/images/a/b"}) {
    auto response = dispatch(routes, request_for("GET", path));
    BOOST_TEST(response.status == 404, path);
    BOOST_TEST(error_code_of(response) == "not_found");
  }
}

BOOST_AUTO_TEST_CASE(placeholders_do_not_match_empty_segments) {
  http_api::router routes;
  routes.add("GET", "/v1/images/{id}", echo_params());
  BOOST_TEST(dispatch(routes, request_for("GET", "/v1/images/")).status == 404);
}

BOOST_AUTO_TEST_CASE(wrong_method_is_405_with_every_allowed_method) {
  http_api::router routes;
  routes.add("GET", "/v1/images/{id}", echo_params());
  routes.add("DELETE", "/v1/images/{id}", echo_params());
  auto response = dispatch(routes, request_for("PUT", "/v1/images/X"));
  BOOST_TEST(response.status == 405);
  BOOST_TEST(header_of(response, "Allow") == "GET, HEAD, DELETE, OPTIONS");
  BOOST_TEST(error_code_of(response) == "method_not_allowed");
}

BOOST_AUTO_TEST_CASE(head_is_routed_like_get) {
  http_api::router routes;
  routes.add("GET", "/v1/images/{id}", echo_params());
  routes.add("POST", "/v1/images", echo_params());
  auto response = dispatch(routes, request_for("HEAD", "/v1/images/X"));
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.body == "X|"); // the transport leaves it out
  auto post_only = dispatch(routes, request_for("HEAD", "/v1/images"));
  BOOST_TEST(post_only.status == 405);
  BOOST_TEST(header_of(post_only, "Allow") == "POST, OPTIONS");
}

BOOST_AUTO_TEST_CASE(adding_a_route_twice_or_a_relative_pattern_throws) {
  http_api::router routes;
  routes.add("GET", "/health", echo_params());
  BOOST_CHECK_THROW(routes.add("GET", "/health", echo_params()), std::invalid_argument);
  BOOST_CHECK_THROW(routes.add("GET", "health", echo_params()), std::invalid_argument);
  BOOST_CHECK_NO_THROW(routes.add("POST", "/health", echo_params()));
}

BOOST_AUTO_TEST_CASE(an_exception_in_a_handler_becomes_500_internal_error) {
  http_api::router routes;
  routes.add("GET", "/boom", [](http_request&, const responder&) -> void {
    throw std::runtime_error("secret detail");
  });
  auto response = dispatch(routes, request_for("GET", "/boom"));
  BOOST_TEST(response.status == 500);
  BOOST_TEST(error_code_of(response) == "internal_error");
  BOOST_TEST(response.body.find("secret detail") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_exception_after_answering_sends_nothing_more) {
  http_api::router routes;
  routes.add("GET", "/late", [](http_request&, const responder& respond) {
    respond(http_response{});
    throw std::runtime_error("after the answer");
  });
  int answers = 0;
  routes.dispatch(request_for("GET", "/late"), responder([&](http_response r) {
                    ++answers;
                    BOOST_TEST(r.status == 200);
                  }));
  BOOST_TEST(answers == 1);
}

BOOST_AUTO_TEST_CASE(middleware_runs_outermost_first_around_every_request) {
  http_api::router routes;
  routes.add("GET", "/a", echo_params());
  std::vector<std::string> trace;
  auto layer = [&trace](std::string name) {
    return [&trace, name](http_request& request, const responder& respond,
                          const http_api::handler& next) {
      trace.push_back(name + ">");
      next(request, respond);
      trace.push_back("<" + name);
    };
  };
  routes.use(layer("outer"));
  routes.use(layer("inner"));
  dispatch(routes, request_for("GET", "/a"));
  dispatch(routes, request_for("GET", "/missing"));
  std::vector<std::string> expected{"outer>", "inner>", "<inner", "<outer",
                                    "outer>", "inner>", "<inner", "<outer"};
  BOOST_TEST(trace == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(middleware_can_answer_without_calling_the_route) {
  http_api::router routes;
  bool route_ran = false;
  routes.add("GET", "/private", [&](http_request&, const responder& respond) {
    route_ran = true;
    respond(http_response{});
  });
  routes.use([](http_request&, const responder& respond, const http_api::handler&) {
    http_response refused;
    refused.status = 401;
    respond(std::move(refused));
  });
  BOOST_TEST(dispatch(routes, request_for("GET", "/private")).status == 401);
  BOOST_TEST(!route_ran);
}

BOOST_AUTO_TEST_CASE(head_checks_run_before_middleware_and_may_refuse_or_annotate) {
  http_api::router routes;
  routes.add("POST", "/v1/images/{id}", [](http_request& request, const responder& respond) {
    http_response response;
    response.body = request.key_name;
    respond(std::move(response));
  });
  std::vector<std::string> seen;
  routes.check([&](http_request& request) -> std::optional<http_response> {
    seen.push_back("check " + request.route);
    if (request.header("Authorization") == nullptr) {
      http_response refused;
      refused.status = 401;
      return refused;
    }
    request.key_name = "camera";
    return std::nullopt;
  });
  routes.use([&](http_request& request, const responder& respond, const http_api::handler& next) {
    seen.push_back("middleware " + request.key_name);
    next(request, respond);
  });

  auto head = request_for("POST", "/v1/images/A");
  BOOST_TEST(routes.check_head(head)->status == 401);
  head.headers.push_back({"Authorization", "Bearer k"});
  BOOST_TEST(!routes.check_head(head));
  BOOST_TEST(head.key_name == "camera");

  BOOST_TEST(dispatch(routes, request_for("POST", "/v1/images/A")).status == 401);
  auto request = request_for("POST", "/v1/images/A");
  request.headers.push_back({"Authorization", "Bearer k"});
  BOOST_TEST(dispatch(routes, request).body == "camera");
  BOOST_TEST(seen == (std::vector<std::string>{"check /v1/images/{id}", "check /v1/images/{id}",
                                               "check /v1/images/{id}", "check /v1/images/{id}",
                                               "middleware camera"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_responder_sends_once_whatever_its_copies_do) {
  int sent = 0;
  responder first([&](http_response) { ++sent; });
  responder copy = first;
  BOOST_TEST(!copy.answered());
  first(http_response{});
  copy(http_response{});
  BOOST_TEST(sent == 1);
  BOOST_TEST(copy.answered());
}

BOOST_AUTO_TEST_SUITE_END()
