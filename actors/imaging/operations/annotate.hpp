#pragma once

#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "actors/imaging/operations/gravity.hpp"
#include "actors/imaging/operations/magick_color.hpp"
#include "actors/imaging/operations/operation.hpp"
#include "actors/imaging/operations/text_template.hpp"

namespace imaging::operations {

/// The font of every text: DejaVu Sans from Debian's fonts-dejavu-core,
/// which covers Latin, Greek and Cyrillic.
inline constexpr const char* annotation_font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// Draws a line of text, such as a timestamp or the image id, in a corner.
///
/// GraphicsMagick's own text gravity puts the baseline, not the top, at the
/// northern edge (the glyphs end up above the image) and lets descenders
/// touch the southern one, so the text box is placed here from the font's
/// metrics, like every gravity, and drawn at its baseline.
///
/// A shadow in the contrasting color (black under light text, white under
/// dark) sits one sixteenth of the size down and right: the text stays
/// readable on any background, even one of its own color, without the
/// thickened glyphs of an outline.
struct annotate : keeps_geometry {
  static operation_spec spec() {
    return {
        "annotate",
        "Draw a line of text with a contrasting shadow at the gravity, a quarter of the size "
        "from the edges, in DejaVu Sans. Placeholders: {id}, {created}, {label:KEY}; {{ and "
        "}} for braces. Keeps 16-bit depth.",
        {text_param("text", "The text; in the text form in double quotes, where a "
                            "backslash escapes a quote or a backslash."),
         with_default(gravity_param("gravity", "Where the text lies in the image."), "southeast"),
         with_default(integer_param("size", 4, 512, "Font size in pixels."), "24"),
         with_default(color_param("color", "Color of the text."), "white")}};
  }

  static constexpr shrink_role role = shrink_role::barrier;

  static void apply(edit& target, const arguments& args, const geometry&) {
    if (!std::filesystem::exists(annotation_font))
      throw std::runtime_error(std::string("the font ") + annotation_font +
                               " is missing; install fonts-dejavu-core");
    std::string text = fill_placeholders(args[0].text, target.context);
    if (text.empty()) // only absent labels: nothing to draw
      return;
    double size = args[2].number;
    Magick::Color color = magick_color(args[3].text);
    Magick::Image& image = target.image;
    image.font(annotation_font);
    image.fontPointsize(size);
    image.textEncoding("UTF-8");
    Magick::TypeMetric metrics;
    image.fontTypeMetrics(text, &metrics);
    auto shadow_offset = static_cast<std::int64_t>(std::max(1.0, std::round(size / 16)));
    auto margin = static_cast<std::int64_t>(std::round(size / 4));
    auto ascent = static_cast<std::int64_t>(std::ceil(metrics.ascent()));
    auto width = static_cast<std::uint64_t>(std::ceil(metrics.textWidth())) + shadow_offset;
    auto height =
        static_cast<std::uint64_t>(ascent - std::floor(metrics.descent())) + shadow_offset;
    placement box = place(args[1].text, image.columns(), image.rows(), width, height, margin);
    Magick::ColorRGB fill(color);
    bool light = 0.2126 * fill.red() + 0.7152 * fill.green() + 0.0722 * fill.blue() > 0.5;
    Magick::Color shadow(light ? 0 : MaxRGB, light ? 0 : MaxRGB, light ? 0 : MaxRGB,
                         color.alphaQuantum());
    image.fillColor(shadow);
    image.annotate(text,
                   offset_geometry(0, 0, box.x + shadow_offset, box.y + ascent + shadow_offset));
    image.fillColor(color);
    image.annotate(text, offset_geometry(0, 0, box.x, box.y + ascent));
  }
};

} // namespace imaging::operations
