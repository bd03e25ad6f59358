#pragma once

// Running commands on generated images and looking at the result's pixels.

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

#include "actors/imaging/operation_parser.hpp"
#include "actors/imaging/pipeline.hpp"
#include "tests/support/test_images.hpp"

namespace pipeline_fixture {

inline model::outcome<imaging::encoded_image>
try_run(const std::string& input, imaging::image_format format, std::string_view command,
        const imaging::image_limits& limits = {},
        const imaging::operations::operation_context& context = {}) {
  imaging::initialize_imaging(imaging::image_limits{});
  auto ops = imaging::parse_operations_text(command);
  BOOST_REQUIRE_MESSAGE(ops.ok(), (ops.ok() ? std::string() : ops.error().message));
  return imaging::run_pipeline(input, format, *ops, limits, context);
}

/// The result of `command` on `input`; fails the test on error.
inline imaging::encoded_image run(const std::string& input, imaging::image_format format,
                                  std::string_view command,
                                  const imaging::operations::operation_context& context = {}) {
  auto result = try_run(input, format, command, {}, context);
  BOOST_REQUIRE_MESSAGE(result.ok(), (result.ok() ? std::string() : result.error().message));
  return std::move(result).value();
}

/// The problem of `command` on `input`; fails the test on success.
inline model::problem failure(const std::string& input, imaging::image_format format,
                              std::string_view command, const imaging::image_limits& limits = {}) {
  auto result = try_run(input, format, command, limits);
  BOOST_REQUIRE(!result.ok());
  return result.error();
}

/// The pixel at x, y of an encoded image, channels from 0 to 1.
inline Magick::ColorRGB pixel(const imaging::encoded_image& image, unsigned x, unsigned y) {
  return test_images::decode(image.bytes).pixelColor(x, y);
}

inline bool is_green(const Magick::ColorRGB& color) {
  return color.green() > 0.9 && color.red() < 0.1 && color.blue() < 0.1;
}

} // namespace pipeline_fixture
