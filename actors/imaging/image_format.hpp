#pragma once

// The accepted image formats. Formats are recognised from the bytes (magic
// numbers), never from names or Content-Type; anything else never reaches a
// decoder.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace imaging {

// The values are stored: new formats go at the end.
enum class image_format : std::uint8_t { jpeg, png, gif, tiff, bmp, webp, heic, avif, jxl };

/// Canonical upper-case name used in the API and storage: "JPEG", "PNG",
/// "GIF", "TIFF", "BMP", "WEBP", "HEIC", "AVIF", "JXL". HEIC also stands
/// for other HEIF files (brands mif1, msf1), which the same decoder reads.
const char* format_name(image_format format) noexcept;

/// MIME type for Content-Type headers, e.g. "image/jpeg".
const char* mime_type(image_format format) noexcept;

/// Parses a format name, case-insensitive; accepts the canonical names and
/// the lower-case names of the `format` operation ("jpeg", "png", ...), and
/// "heif" for HEIC.
std::optional<image_format> format_from_name(std::string_view name) noexcept;

/// Detects the format from the leading magic bytes; nullopt when the bytes
/// are not one of the accepted formats. HEIC and AVIF files start with an
/// ftyp box whose major brand is a HEIF brand; they are AVIF when "avif" or
/// "avis" is among its brands in the first 64 bytes, HEIC otherwise.
std::optional<image_format> detect_format(std::string_view bytes) noexcept;

/// How many leading bytes of a stream detect_format() needs to tell whether
/// it is an accepted format, with the same verdict as on the whole file:
/// fewer are recognised only as a whole file. On these bytes alone an AVIF
/// file whose major brand is the generic mif1 reads as HEIC; only the
/// whole file tells.
constexpr std::size_t format_signature_bytes = 12;

} // namespace imaging
