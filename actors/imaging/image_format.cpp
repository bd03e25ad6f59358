#include "actors/imaging/image_format.hpp"

#include <array>

namespace imaging {

namespace {

struct format_names {
  image_format format;
  const char* name;
  const char* mime;
};

constexpr std::array<format_names, 6> formats{{
    {image_format::jpeg, "JPEG", "image/jpeg"},
    {image_format::png, "PNG", "image/png"},
    {image_format::gif, "GIF", "image/gif"},
    {image_format::tiff, "TIFF", "image/tiff"},
    {image_format::bmp, "BMP", "image/bmp"},
    {image_format::webp, "WEBP", "image/webp"},
}};

bool equal_ignoring_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'a' && a[i] <= 'z' ? static_cast<char>(a[i] - 'a' + 'A') : a[i];
    if (x != b[i])
      return false;
  }
  return true;
}

bool starts_with(std::string_view bytes, std::string_view prefix) noexcept {
  return bytes.substr(0, prefix.size()) == prefix;
}

} // namespace

const char* format_name(image_format format) noexcept {
  for (const auto& entry : formats)
    if (entry.format == format)
      return entry.name;
  return "JPEG";
}

const char* mime_type(image_format format) noexcept {
  for (const auto& entry : formats)
    if (entry.format == format)
      return entry.mime;
  return "image/jpeg";
}

std::optional<image_format> format_from_name(std::string_view name) noexcept {
  for (const auto& entry : formats)
    if (equal_ignoring_case(name, entry.name))
      return entry.format;
  return std::nullopt;
}

std::optional<image_format> detect_format(std::string_view bytes) noexcept {
  using namespace std::string_view_literals;
  if (starts_with(bytes, "\xFF\xD8\xFF"sv))
    return image_format::jpeg;
  if (starts_with(bytes, "\x89PNG\r\n\x1A\n"sv))
    return image_format::png;
  if (starts_with(bytes, "GIF87a"sv) || starts_with(bytes, "GIF89a"sv))
    return image_format::gif;
  if (starts_with(bytes, "II*\0"sv) || starts_with(bytes, "MM\0*"sv))
    return image_format::tiff;
  if (starts_with(bytes, "BM"sv))
    return image_format::bmp;
  if (starts_with(bytes, "RIFF"sv) && bytes.size() >= 12 && bytes.substr(8, 4) == "WEBP"sv)
    return image_format::webp;
  return std::nullopt;
}

} // namespace imaging
