#pragma once

#include <string>

#include <Magick++.h>

#include "actors/imaging/operations/colors.hpp"

namespace imaging::operations {

/// The GraphicsMagick color of a valid color argument (canonical text).
/// Hexadecimal colors are converted here rather than by GraphicsMagick,
/// which reads the last pair of #rrggbbaa as opacity (ff transparent).
inline Magick::Color magick_color(const std::string& text) {
  auto hex = hex_color(text);
  if (!hex)
    return Magick::Color(text);
  auto scaled = [](unsigned value) { return static_cast<Magick::Quantum>(value * (MaxRGB / 255)); };
  return Magick::Color(scaled(hex->red), scaled(hex->green), scaled(hex->blue),
                       scaled(255U - hex->alpha));
}

} // namespace imaging::operations
