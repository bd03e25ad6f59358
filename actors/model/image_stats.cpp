#include "actors/model/image_stats.hpp"

#include <nlohmann/json.hpp>

namespace model {

void to_json(nlohmann::json& json, const channel_stats& channel) {
  json = {{"name", channel.name},
          {"mean", channel.mean},
          {"stddev", channel.stddev},
          {"min", channel.min},
          {"max", channel.max}};
}

void to_json(nlohmann::json& json, const image_stats& stats) {
  json = {{"method", stats.method},
          {"width", stats.width},
          {"height", stats.height},
          {"channels", stats.channels},
          {"luminance_histogram", stats.luminance_histogram},
          {"clipped_shadows", stats.clipped_shadows},
          {"clipped_highlights", stats.clipped_highlights},
          {"focus", stats.focus},
          {"noise", stats.noise}};
}

void from_json(const nlohmann::json& json, channel_stats& channel) {
  json.at("name").get_to(channel.name);
  json.at("mean").get_to(channel.mean);
  json.at("stddev").get_to(channel.stddev);
  json.at("min").get_to(channel.min);
  json.at("max").get_to(channel.max);
}

void from_json(const nlohmann::json& json, image_stats& stats) {
  json.at("method").get_to(stats.method);
  json.at("width").get_to(stats.width);
  json.at("height").get_to(stats.height);
  json.at("channels").get_to(stats.channels);
  // nlohmann fills a std::array from a longer JSON array without complaint.
  const auto& histogram = json.at("luminance_histogram");
  if (!histogram.is_array() || histogram.size() != luminance_bins)
    throw nlohmann::json::type_error::create(302,
                                             "luminance_histogram must be an array of " +
                                                 std::to_string(luminance_bins) + " counts",
                                             &json);
  histogram.get_to(stats.luminance_histogram);
  json.at("clipped_shadows").get_to(stats.clipped_shadows);
  json.at("clipped_highlights").get_to(stats.clipped_highlights);
  json.at("focus").get_to(stats.focus);
  json.at("noise").get_to(stats.noise);
}

} // namespace model
