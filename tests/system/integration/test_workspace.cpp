#include "tests/system/integration/test_workspace.hpp"

#include <exception>
#include <iostream>

#include <boost/test/framework.hpp>
#include <boost/test/results_collector.hpp>
#include <boost/test/tree/test_unit.hpp>

namespace integration {

namespace {

constexpr std::size_t reported_log_lines = 40;

// An exception on its way to Boost.Test is not counted as a failure yet.
bool current_test_failed() {
  namespace utf = boost::unit_test;
  return std::uncaught_exceptions() > 0 ||
         !utf::results_collector.results(utf::framework::current_test_case().p_id).passed();
}

} // namespace

test_workspace::test_workspace()
    : node_workspace("caf-node-" + boost::unit_test::framework::current_test_case().p_name.get()) {}

test_workspace::~test_workspace() {
  if (!current_test_failed())
    return;
  keep();
  std::cerr << failure_report(reported_log_lines) << std::flush;
}

} // namespace integration
