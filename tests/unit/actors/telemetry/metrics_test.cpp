#define BOOST_TEST_MODULE telemetry
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>

#include "actors/telemetry/metrics.hpp"

namespace {

namespace names = telemetry::names;

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos || text.rfind(line + "\n", 0) == 0;
}

} // namespace

BOOST_AUTO_TEST_SUITE(metrics)

BOOST_AUTO_TEST_CASE(every_family_has_help_and_type_and_unlabelled_counters_start_at_zero) {
  telemetry::metrics recorded;
  auto text = recorded.exposition({});
  for (const auto& spec : telemetry::recorded_metrics()) {
    BOOST_TEST_CONTEXT(spec.name) {
      BOOST_TEST(spec.name.rfind("caf_node_", 0) == 0);
      BOOST_TEST(text.find("# HELP " + spec.name + " ") != std::string::npos);
      BOOST_TEST(text.find("# TYPE " + spec.name + " ") != std::string::npos);
    }
  }
  BOOST_TEST(has_line(text, std::string(names::upload_bytes) + " 0"), text);
}

BOOST_AUTO_TEST_CASE(counters_add_up_per_label_set) {
  telemetry::metrics recorded;
  recorded.count(names::jobs, {"done"});
  recorded.count(names::jobs, {"done"});
  recorded.count(names::jobs, {"failed"});
  recorded.count(names::upload_bytes, {}, 1536);
  auto text = recorded.exposition({});
  BOOST_TEST(has_line(text, std::string(names::jobs) + "{state=\"done\"} 2"), text);
  BOOST_TEST(has_line(text, std::string(names::jobs) + "{state=\"failed\"} 1"), text);
  BOOST_TEST(has_line(text, std::string(names::upload_bytes) + " 1536"), text);
}

BOOST_AUTO_TEST_CASE(histogram_buckets_are_cumulative_with_sum_and_count) {
  telemetry::metrics recorded;
  recorded.observe(names::http_duration, {"/v1/images"}, 0.0004);
  recorded.observe(names::http_duration, {"/v1/images"}, 0.003);
  recorded.observe(names::http_duration, {"/v1/images"}, 120);
  auto text = recorded.exposition({});
  std::string family = names::http_duration;
  BOOST_TEST(has_line(text, family + "_bucket{route=\"/v1/images\",le=\"0.001\"} 1"), text);
  BOOST_TEST(has_line(text, family + "_bucket{route=\"/v1/images\",le=\"0.0025\"} 1"), text);
  BOOST_TEST(has_line(text, family + "_bucket{route=\"/v1/images\",le=\"0.005\"} 2"), text);
  BOOST_TEST(has_line(text, family + "_bucket{route=\"/v1/images\",le=\"60\"} 2"), text);
  BOOST_TEST(has_line(text, family + "_bucket{route=\"/v1/images\",le=\"+Inf\"} 3"), text);
  BOOST_TEST(has_line(text, family + "_sum{route=\"/v1/images\"} 120.0034"), text);
  BOOST_TEST(has_line(text, family + "_count{route=\"/v1/images\"} 3"), text);
}

BOOST_AUTO_TEST_CASE(label_values_are_escaped) {
  telemetry::metrics recorded;
  recorded.count(names::http_requests, {"/a\"b\\c\nd", "GET", "404"});
  auto text = recorded.exposition({});
  BOOST_TEST(text.find("{route=\"/a\\\"b\\\\c\\nd\",method=\"GET\",status=\"404\"} 1") !=
                 std::string::npos,
             text);
}

BOOST_AUTO_TEST_CASE(samples_are_rendered_only_for_families_sampled) {
  telemetry::metrics recorded;
  auto text = recorded.exposition({{names::queue_depth, {}, 7}, {names::nodes, {"up"}, 3}});
  BOOST_TEST(has_line(text, std::string(names::queue_depth) + " 7"), text);
  BOOST_TEST(has_line(text, std::string(names::nodes) + "{state=\"up\"} 3"), text);
  BOOST_TEST(text.find(names::storage_images) == std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(undeclared_metrics_and_wrong_label_counts_are_bugs) {
  telemetry::metrics recorded;
  BOOST_CHECK_THROW(recorded.count("caf_node_nonsense_total"), std::logic_error);
  BOOST_CHECK_THROW(recorded.count(names::jobs, {}), std::logic_error);
  BOOST_CHECK_THROW(recorded.observe(names::jobs, {"done"}, 1), std::logic_error);
}

BOOST_AUTO_TEST_SUITE_END()
