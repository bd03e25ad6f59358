#pragma once

// The node's recorded metrics (see metric_catalog.hpp) and their Prometheus
// text exposition. Thread-safe: recorded from HTTP threads and actors.

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "actors/telemetry/metric_catalog.hpp"
#include "actors/telemetry/minute_window.hpp"

namespace telemetry {

/// A value of a sampled metric, read at scrape time.
struct sample {
  std::string name;
  std::vector<std::string> labels; // values, in the spec's label order
  double value = 0;
};

class metrics {
public:
  /// Adds `by` to the counter `name`. `labels` are the values of its
  /// declared labels, in order; an undeclared name or a wrong number of
  /// labels throws std::logic_error (a bug, not an input error).
  void count(const std::string& name, const std::vector<std::string>& labels = {}, double by = 1);

  /// Records `value` in the histogram `name`; same rules as count().
  void observe(const std::string& name, const std::vector<std::string>& labels, double value);

  /// The text exposition (format 0.0.4) of every recorded metric plus
  /// `samples` of sampled ones, each family with its HELP and TYPE lines.
  std::string exposition(const std::vector<sample>& samples) const;

  /// Requests and jobs of the last minute.
  minute_window requests;
  minute_window jobs;

private:
  struct series {
    double value = 0;                // counters
    std::vector<std::uint64_t> hits; // histograms: per bucket, not cumulative
    double sum = 0;
    std::uint64_t count = 0;
  };

  series& series_of(const metric_spec& spec, const std::vector<std::string>& labels);

  mutable std::mutex mutex_;
  std::map<std::string, std::map<std::vector<std::string>, series>> families_;
};

} // namespace telemetry
