#pragma once

// The accepted image formats. Formats are recognised from the bytes (magic
// numbers), never from names or Content-Type; anything else never reaches a
// decoder.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace imaging {

enum class image_format : std::uint8_t { jpeg, png, gif, tiff, bmp, webp };

/// Canonical upper-case name used in the API and storage: "JPEG", "PNG",
/// "GIF", "TIFF", "BMP", "WEBP".
const char* format_name(image_format format) noexcept;

/// MIME type for Content-Type headers, e.g. "image/jpeg".
const char* mime_type(image_format format) noexcept;

/// Parses a format name, case-insensitive; accepts the canonical names and
/// the lower-case names of the `format` operation ("jpeg", "png", ...).
std::optional<image_format> format_from_name(std::string_view name) noexcept;

/// Detects the format from the leading magic bytes; nullopt when the bytes
/// are not one of the accepted formats.
std::optional<image_format> detect_format(std::string_view bytes) noexcept;

/// How many leading bytes detect_format() needs at most: fewer are
/// recognised only as a whole file.
constexpr std::size_t format_signature_bytes = 12;

} // namespace imaging
