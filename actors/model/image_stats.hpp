#pragma once

// Image-quality figures of one image: what a QA line watches to tell
// whether a camera is still good (out of focus, over- or under-exposed,
// dirty lens). Plain data and its JSON form, without GraphicsMagick, so
// that the API and storage can use them; imaging/image_stats.hpp measures
// them.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace model {

/// The number of the measuring method of the figures below. Raised whenever
/// that method changes, so that figures of an older method are not compared
/// with new ones.
constexpr std::int32_t image_stats_method = 1;

constexpr std::size_t luminance_bins = 256;

/// One channel's values on a 0..1 scale (1 is full intensity, or opaque
/// for alpha), whatever the image's bit depth, so that 8- and 16-bit
/// images compare.
struct channel_stats {
  std::string name; // "gray", "red", "green", "blue" or "alpha"
  double mean = 0;
  double stddev = 0; // of all pixels (population standard deviation)
  double min = 0;
  double max = 0;
};

struct image_stats {
  /// image_stats_method when measured; figures of other methods are not
  /// comparable.
  std::int32_t method = 0;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  /// "gray" for images whose pixels are all gray, else "red", "green",
  /// "blue"; then "alpha" for images with an alpha channel.
  std::vector<channel_stats> channels;
  /// Pixel counts by Rec. 709 luminance (0.2126 R + 0.7152 G + 0.0722 B on
  /// the 0..1 values; a gray pixel's luminance is its value): bin i counts
  /// luminance in [i/256, (i+1)/256), the last bin also 1. The counts sum
  /// to width * height.
  std::array<std::uint64_t, luminance_bins> luminance_histogram{};
  /// Fraction (0..1) of the pixels whose luminance is at most 1/255: what
  /// an 8-bit file stores as 0 or 1, black with no detail left.
  double clipped_shadows = 0;
  /// Fraction (0..1) of the pixels whose luminance is at least 254/255:
  /// 254 or 255 in an 8-bit file, blown out.
  double clipped_highlights = 0;
  /// Sharpness as the variance of the Laplacian, on the 0..255 scale of
  /// 8-bit gray values and measured at a normalised size so that it does
  /// not depend on the resolution; higher is sharper, 0 for a flat image.
  double focus = 0;
  /// Estimated standard deviation of the image noise, 0..255 scale, at the
  /// same normalised size as `focus`.
  double noise = 0;
};

void to_json(nlohmann::json& json, const channel_stats& channel);
void to_json(nlohmann::json& json, const image_stats& stats);

/// Both throw nlohmann::json::exception when a field is missing or of the
/// wrong type, or when the histogram does not hold exactly luminance_bins
/// counts.
void from_json(const nlohmann::json& json, channel_stats& channel);
void from_json(const nlohmann::json& json, image_stats& stats);

} // namespace model
