#include "actors/imaging/heif_reader.hpp"

#include <algorithm>
#include <climits>
#include <memory>
#include <string>
#include <vector>

#include <libheif/heif.h>

#include "actors/imaging/magick_errors.hpp"

namespace imaging {

namespace {

struct context_deleter {
  void operator()(heif_context* context) const {
    heif_context_free(context);
  }
};
struct handle_deleter {
  void operator()(heif_image_handle* handle) const {
    heif_image_handle_release(handle);
  }
};
struct image_deleter {
  void operator()(heif_image* image) const {
    heif_image_release(image);
  }
};
struct options_deleter {
  void operator()(heif_decoding_options* options) const {
    heif_decoding_options_free(options);
  }
};

// libheif refuses images wider or taller than this before decoding them;
// GraphicsMagick's own limits are the ones the service sets.
int size_limit() {
  auto width = MagickLib::GetMagickResourceLimit(MagickLib::WidthResource);
  auto height = MagickLib::GetMagickResourceLimit(MagickLib::HeightResource);
  return static_cast<int>(std::min<MagickLib::magick_int64_t>(std::max(width, height), INT_MAX));
}

// The interleaved 8-bit samples of `image`, rows without their padding.
std::vector<unsigned char> packed_samples(const heif_image* image, int width, int height,
                                          int channels) {
  int stride = 0;
  const std::uint8_t* plane =
      heif_image_get_plane_readonly(image, heif_channel_interleaved, &stride);
  auto row_bytes = static_cast<std::size_t>(width) * channels;
  if (plane == nullptr || stride < 0 || static_cast<std::size_t>(stride) < row_bytes)
    return {};
  std::vector<unsigned char> samples(row_bytes * static_cast<std::size_t>(height));
  for (int y = 0; y < height; ++y)
    std::copy_n(plane + static_cast<std::size_t>(stride) * y, row_bytes,
                samples.data() + row_bytes * y);
  return samples;
}

void attach_icc_profile(Magick::Image& image, const heif_image_handle* handle) {
  auto type = heif_image_handle_get_color_profile_type(handle);
  if (type != heif_color_profile_type_prof && type != heif_color_profile_type_rICC)
    return;
  std::vector<unsigned char> profile(heif_image_handle_get_raw_color_profile_size(handle));
  if (profile.empty() ||
      heif_image_handle_get_raw_color_profile(handle, profile.data()).code != heif_error_Ok)
    return;
  image.iccColorProfile(Magick::Blob(profile.data(), profile.size()));
}

} // namespace

model::outcome<Magick::Image> read_heif(std::string_view input, image_format format) {
  std::string context = std::string(format_name(format)) + " decoder";
  auto failed = [&context](const heif_error& error) {
    std::string reason = error.message;
    reason.erase(reason.find_last_not_of(" \n") + 1); // some end with a line break
    return model::make_problem(model::error_code::corrupt_image, context + ": " + reason);
  };
  std::unique_ptr<heif_context, context_deleter> file(heif_context_alloc());
  heif_context_set_maximum_image_size_limit(file.get(), size_limit());
  heif_context_set_max_decoding_threads(file.get(), 0); // one thread per job
  if (auto error = heif_context_read_from_memory_without_copy(file.get(), input.data(),
                                                              input.size(), nullptr);
      error.code != heif_error_Ok)
    return failed(error);
  heif_image_handle* primary_handle = nullptr;
  if (auto error = heif_context_get_primary_image_handle(file.get(), &primary_handle);
      error.code != heif_error_Ok)
    return failed(error);
  std::unique_ptr<heif_image_handle, handle_deleter> primary(primary_handle);

  bool alpha = heif_image_handle_has_alpha_channel(primary.get()) != 0;
  std::unique_ptr<heif_decoding_options, options_deleter> options(heif_decoding_options_alloc());
  options->convert_hdr_to_8bit = 1;
  // Strict decoding stays off: libheif 1.15 then leaks the decoded picture
  // when it refuses odd colour metadata (AV1 colour primaries it does not
  // know). Damaged coded data fails in the codecs either way.
  heif_image* decoded_image = nullptr;
  if (auto error = heif_decode_image(
          primary.get(), &decoded_image, heif_colorspace_RGB,
          alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB, options.get());
      error.code != heif_error_Ok)
    return failed(error);
  std::unique_ptr<heif_image, image_deleter> decoded(decoded_image);

  // The size of what was decoded, whatever the file declares.
  int width = heif_image_get_width(decoded.get(), heif_channel_interleaved);
  int height = heif_image_get_height(decoded.get(), heif_channel_interleaved);
  int channels = alpha ? 4 : 3;
  if (width <= 0 || height <= 0 ||
      heif_image_get_bits_per_pixel_range(decoded.get(), heif_channel_interleaved) != 8)
    return model::make_problem(model::error_code::corrupt_image, context + ": no image decoded");
  auto samples = packed_samples(decoded.get(), width, height, channels);
  if (samples.empty())
    return model::make_problem(model::error_code::corrupt_image,
                               context + ": the decoded rows are shorter than the image");
  try {
    Magick::Image image(static_cast<unsigned>(width), static_cast<unsigned>(height),
                        alpha ? "RGBA" : "RGB", Magick::CharPixel, samples.data());
    attach_icc_profile(image, primary.get());
    return image;
  } catch (const std::exception& failure) {
    return library_problem(failure, model::error_code::corrupt_image, context);
  }
}

} // namespace imaging
