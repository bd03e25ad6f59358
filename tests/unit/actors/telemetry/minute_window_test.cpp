#include <boost/test/unit_test.hpp>

#include <chrono>

#include "actors/telemetry/minute_window.hpp"

using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(minute_window)

BOOST_AUTO_TEST_CASE(an_empty_window_has_no_events_and_no_latency) {
  telemetry::minute_window window;
  auto summary = window.summary();
  BOOST_TEST(summary.events == 0u);
  BOOST_TEST(summary.per_second == 0.0);
  BOOST_TEST(summary.p50_ms == 0.0);
}

BOOST_AUTO_TEST_CASE(percentiles_and_rate_cover_the_last_minute_only) {
  telemetry::minute_window window;
  auto start = telemetry::minute_window::clock::time_point{} + 1h;
  // 30 s before the window: forgotten.
  window.record(900ms, start);
  for (int i = 1; i <= 120; ++i)
    window.record(std::chrono::milliseconds(i), start + 30s + std::chrono::milliseconds(i));
  auto summary = window.summary(start + 61s);
  BOOST_TEST(summary.events == 120u);
  BOOST_TEST(summary.per_second == 2.0);
  BOOST_TEST(summary.p50_ms == 61.0);
  BOOST_TEST(summary.p95_ms == 114.0);
  BOOST_TEST(summary.p99_ms == 119.0);
  BOOST_TEST(window.summary(start + 200s).events == 0u);
  auto shown = telemetry::to_job_window(summary);
  BOOST_TEST(shown.jobs == 120u);
  BOOST_TEST(shown.p95_ms == 114.0);
}

BOOST_AUTO_TEST_SUITE_END()
