#include "actors/telemetry/metrics.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace telemetry {

namespace {

const metric_spec& declared(const std::string& name, std::size_t label_count, metric_type type) {
  const auto* spec = find_metric(name);
  if (spec == nullptr || spec->type != type || spec->labels.size() != label_count)
    throw std::logic_error("metric " + name + " is not declared like this");
  return *spec;
}

std::string escape_label(const std::string& value) {
  std::string escaped;
  for (char c : value) {
    if (c == '\\' || c == '"')
      escaped += '\\';
    if (c == '\n') {
      escaped += "\\n";
      continue;
    }
    escaped += c;
  }
  return escaped;
}

/// The shortest text that reads back as `value` (0.0025, not 0.0025000000000000001).
std::string number(double value) {
  char text[32];
  auto result = std::to_chars(text, text + sizeof(text), value);
  return {text, result.ptr};
}

/// {a="x",b="y"} from names and values, plus an extra pair (for le).
std::string label_set(const std::vector<std::string>& names, const std::vector<std::string>& values,
                      const std::string& extra_name = {}, const std::string& extra_value = {}) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i)
    text += (text.empty() ? "" : ",") + names[i] + "=\"" + escape_label(values[i]) + "\"";
  if (!extra_name.empty())
    text += (text.empty() ? "" : ",") + extra_name + "=\"" + extra_value + "\"";
  return text.empty() ? "" : "{" + text + "}";
}

const char* type_name(metric_type type) {
  switch (type) {
  case metric_type::counter:
    return "counter";
  case metric_type::gauge:
    return "gauge";
  case metric_type::histogram:
    return "histogram";
  }
  return "untyped";
}

void header(std::string& out, const metric_spec& spec) {
  out += "# HELP " + spec.name + " " + spec.help + "\n";
  out += "# TYPE " + spec.name + " " + type_name(spec.type) + "\n";
}

} // namespace

metrics::series& metrics::series_of(const metric_spec& spec,
                                    const std::vector<std::string>& labels) {
  auto& entry = families_[spec.name][labels];
  if (spec.type == metric_type::histogram && entry.hits.empty())
    entry.hits.assign(spec.buckets.size() + 1, 0);
  return entry;
}

void metrics::count(const std::string& name, const std::vector<std::string>& labels, double by) {
  const auto& spec = declared(name, labels.size(), metric_type::counter);
  std::lock_guard guard{mutex_};
  series_of(spec, labels).value += by;
}

void metrics::observe(const std::string& name, const std::vector<std::string>& labels,
                      double value) {
  const auto& spec = declared(name, labels.size(), metric_type::histogram);
  std::lock_guard guard{mutex_};
  auto& entry = series_of(spec, labels);
  auto bucket = std::lower_bound(spec.buckets.begin(), spec.buckets.end(), value);
  ++entry.hits[static_cast<std::size_t>(bucket - spec.buckets.begin())];
  entry.sum += value;
  ++entry.count;
}

std::string metrics::exposition(const std::vector<sample>& samples) const {
  std::string out;
  {
    std::lock_guard guard{mutex_};
    for (const auto& spec : recorded_metrics()) {
      header(out, spec);
      auto family = families_.find(spec.name);
      if (family == families_.end()) {
        // A family without labels exists from the start, at zero.
        if (spec.labels.empty() && spec.type == metric_type::counter)
          out += spec.name + " 0\n";
        continue;
      }
      for (const auto& [labels, entry] : family->second) {
        if (spec.type == metric_type::counter) {
          out += spec.name + label_set(spec.labels, labels) + " " + number(entry.value) + "\n";
          continue;
        }
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i < entry.hits.size(); ++i) {
          cumulative += entry.hits[i];
          auto le = i < spec.buckets.size() ? number(spec.buckets[i]) : std::string("+Inf");
          out += spec.name + "_bucket" + label_set(spec.labels, labels, "le", le) + " " +
                 std::to_string(cumulative) + "\n";
        }
        out += spec.name + "_sum" + label_set(spec.labels, labels) + " " + number(entry.sum) + "\n";
        out += spec.name + "_count" + label_set(spec.labels, labels) + " " +
               std::to_string(entry.count) + "\n";
      }
    }
  }
  for (const auto& spec : sampled_metrics()) {
    bool any = std::any_of(samples.begin(), samples.end(),
                           [&](const sample& s) { return s.name == spec.name; });
    if (!any)
      continue;
    header(out, spec);
    for (const auto& s : samples)
      if (s.name == spec.name)
        out += spec.name + label_set(spec.labels, s.labels) + " " + number(s.value) + "\n";
  }
  return out;
}

} // namespace telemetry
