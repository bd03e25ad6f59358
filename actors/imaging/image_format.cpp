#include "actors/imaging/image_format.hpp"

#include <algorithm>
#include <array>

namespace imaging {

namespace {

struct format_names {
  image_format format;
  const char* name;
  const char* mime;
};

constexpr std::array<format_names, 9> formats{{
    {image_format::jpeg, "JPEG", "image/jpeg"},
    {image_format::png, "PNG", "image/png"},
    {image_format::gif, "GIF", "image/gif"},
    {image_format::tiff, "TIFF", "image/tiff"},
    {image_format::bmp, "BMP", "image/bmp"},
    {image_format::webp, "WEBP", "image/webp"},
    {image_format::heic, "HEIC", "image/heic"},
    {image_format::avif, "AVIF", "image/avif"},
    {image_format::jxl, "JXL", "image/jxl"},
}};

// ISO/IEC 23008-12 brands of HEVC-coded images and sequences, and the
// generic image and sequence brands, whose coded items libheif decodes too.
constexpr std::array<std::string_view, 10> heic_brands{"heic", "heix", "hevc", "hevx", "heim",
                                                       "heis", "hevm", "hevs", "mif1", "msf1"};
constexpr std::array<std::string_view, 2> avif_brands{"avif", "avis"};

constexpr std::size_t major_brand_offset = 8;        // after the box size and type
constexpr std::size_t compatible_brands_offset = 16; // after the minor version
// Enough for the ftyp boxes of the HEIF files seen in practice: a major
// brand, the minor version and up to 12 compatible brands.
constexpr std::size_t ftyp_bytes_read = 64;

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

template<std::size_t count>
bool is_one_of(std::string_view brand, const std::array<std::string_view, count>& brands) noexcept {
  return std::find(brands.begin(), brands.end(), brand) != brands.end();
}

// HEIC or AVIF when `bytes` start with an ftyp box (ISO/IEC 14496-12
// section 4.3) whose major brand is a HEIF brand: the major brand alone
// decides whether the file is accepted, so that a stream's first
// format_signature_bytes get the verdict of the whole file. AVIF files also
// carry the generic brand mif1, so AVIF brands win wherever they appear
// among the major and compatible brands (after the minor version) in the
// first ftyp_bytes_read bytes.
std::optional<image_format> heif_format(std::string_view bytes) noexcept {
  using namespace std::string_view_literals;
  if (bytes.size() < major_brand_offset + 4 || bytes.substr(4, 4) != "ftyp"sv)
    return std::nullopt;
  std::size_t box_size = 0;
  for (std::size_t i = 0; i < 4; ++i)
    box_size = (box_size << 8) | static_cast<unsigned char>(bytes[i]);
  std::string_view major = bytes.substr(major_brand_offset, 4);
  if (box_size < compatible_brands_offset ||
      !(is_one_of(major, heic_brands) || is_one_of(major, avif_brands)))
    return std::nullopt;
  std::string_view box = bytes.substr(0, std::min({box_size, bytes.size(), ftyp_bytes_read}));
  bool avif = is_one_of(major, avif_brands);
  for (std::size_t pos = compatible_brands_offset; pos + 4 <= box.size(); pos += 4)
    avif = avif || is_one_of(box.substr(pos, 4), avif_brands);
  return avif ? image_format::avif : image_format::heic;
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
  if (equal_ignoring_case(name, "HEIF"))
    return image_format::heic;
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
  if (starts_with(bytes, "\xFF\x0A"sv) ||
      starts_with(bytes, "\0\0\0\x0CJXL \r\n\x87\n"sv)) // codestream or container
    return image_format::jxl;
  return heif_format(bytes);
}

} // namespace imaging
