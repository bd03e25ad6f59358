#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <iterator>
#include <thread>

#include "actors/imaging/decode_hint.hpp"
#include "actors/imaging/image_probe.hpp"
#include "tests/unit/actors/imaging/corpus_images.hpp"
#include "tests/unit/actors/imaging/pipeline_fixture.hpp"

using imaging::image_format;
using model::error_code;
using namespace pipeline_fixture;

namespace {

const std::string& camera_frame() {
  static const std::string jpeg = test_images::gradient(image_format::jpeg, 4000, 3000);
  return jpeg;
}

// A JPEG whose markers and final EOI are intact but whose scan data is cut
// in the middle: only the decoder can notice.
std::string jpeg_missing_scan_data() {
  std::string jpeg = test_images::gradient(image_format::jpeg, 640, 480);
  std::size_t middle = jpeg.size() / 2;
  return jpeg.substr(0, middle) + jpeg.substr(jpeg.size() - 2);
}

std::size_t threads_of_this_process() {
  auto tasks = std::filesystem::directory_iterator("/proc/self/task");
  return static_cast<std::size_t>(std::distance(begin(tasks), end(tasks)));
}

// How far two encoded images differ: the mean error per pixel, 0 to 1.
double difference(const std::string& a, const std::string& b) {
  Magick::Image image = test_images::decode(a);
  image.compare(test_images::decode(b));
  return image.meanErrorPerPixel() / MaxRGB;
}

} // namespace

BOOST_AUTO_TEST_SUITE(pipeline_tests)

// Workers run jobs on their own threads, not on the one that initialised
// GraphicsMagick: a job there must not start OpenMP threads of its own.
BOOST_AUTO_TEST_CASE(a_job_on_another_thread_runs_on_that_thread_alone) {
  imaging::initialize_imaging({});           // on this thread
  const std::string& input = camera_frame(); // drawn here: drawing is not a job
  std::size_t before = 0;
  std::size_t during = 0;
  std::thread job([&] {
    before = threads_of_this_process();
    run(input, image_format::jpeg, "normalize\nresize 800 600");
    during = threads_of_this_process();
  });
  job.join();
  BOOST_TEST(during == before);
}

BOOST_AUTO_TEST_CASE(shrink_on_load_keeps_exact_sizes) {
  auto header = imaging::probe_image(camera_frame(), {});
  BOOST_REQUIRE(header.ok());
  auto ops = imaging::parse_operations_text("resize 320 240");
  BOOST_TEST((imaging::jpeg_decode_hint(*header, *ops) == imaging::decode_size{320, 240}));
  auto resized = run(camera_frame(), image_format::jpeg, "resize 320 240");
  BOOST_TEST(resized.width == 320u);
  BOOST_TEST(resized.height == 240u);
  auto thumb = run(camera_frame(), image_format::jpeg, "grayscale\nthumbnail 256 256");
  BOOST_TEST(thumb.width == 256u);
  BOOST_TEST(thumb.height == 192u);
  // A resize that is not first still works on the full image.
  auto cropped = run(camera_frame(), image_format::jpeg, "crop 2000 3000 0 0\nresize 100 100");
  BOOST_TEST(cropped.width == 67u);
  BOOST_TEST(cropped.height == 100u);
}

// The normalize profile decodes the JPEG itself (gray, at 5/8 scale): the
// result must be what GraphicsMagick's own steps on the full image give.
BOOST_AUTO_TEST_CASE(direct_jpeg_decoding_matches_graphicsmagicks_own_steps) {
  auto input = test_images::jpeg_with_orientation(1920, 1080, 6);
  auto ours = run(input, image_format::jpeg,
                  "autoorient\nresize 1024 1024\ngrayscale\nnormalize\nstrip\nquality 85");
  BOOST_TEST(ours.width == 576u);
  BOOST_TEST(ours.height == 1024u);
  Magick::Image reference = test_images::decode(input);
  reference.autoOrient();
  reference.resize(Magick::Geometry(576, 1024));
  reference.type(Magick::GrayscaleType);
  reference.normalize();
  Magick::Image result = test_images::decode(ours.bytes);
  result.compare(reference);
  BOOST_TEST(result.normalizedMeanError() < 0.01);
}

BOOST_AUTO_TEST_CASE(shrink_on_load_with_autoorient_of_a_turned_frame) {
  std::string turned = test_images::jpeg_with_orientation(4000, 3000, 6);
  auto result = run(turned, image_format::jpeg, "autoorient\nresize 320 240\nformat png");
  BOOST_TEST(result.width == 180u);
  BOOST_TEST(result.height == 240u);
  BOOST_TEST((result.format == image_format::png));
}

BOOST_AUTO_TEST_CASE(shrink_on_load_rounds_like_the_full_decode) {
  std::string odd = test_images::gradient(image_format::jpeg, 3999, 2999);
  auto result = run(odd, image_format::jpeg, "resize 320 240");
  BOOST_TEST(result.width == 320u);
  BOOST_TEST(result.height == 240u);
}

BOOST_AUTO_TEST_CASE(truncated_or_corrupt_input_fails_as_corrupt_image) {
  std::string jpeg = test_images::gradient(image_format::jpeg, 640, 480);
  auto truncated = failure(jpeg.substr(0, jpeg.size() / 2), image_format::jpeg, "flip");
  BOOST_TEST((truncated.code == error_code::corrupt_image));
  BOOST_TEST(truncated.message == "JPEG: missing end of image marker (truncated?)");
  auto cut = failure(jpeg_missing_scan_data(), image_format::jpeg, "flip");
  BOOST_TEST((cut.code == error_code::corrupt_image));
  BOOST_TEST(cut.message.find("JPEG decoder: ") == 0u, cut.message);
  BOOST_TEST(cut.message.find(".c:") == std::string::npos, cut.message); // no source paths
  std::string png = test_images::gradient(image_format::png, 64, 48);
  BOOST_TEST(
      (failure(png.substr(0, 60), image_format::png, "flip").code == error_code::corrupt_image));
}

BOOST_AUTO_TEST_CASE(data_of_another_format_than_declared_is_refused) {
  std::string png = test_images::gradient(image_format::png, 64, 48);
  auto problem = failure(png, image_format::jpeg, "flip");
  BOOST_TEST((problem.code == error_code::corrupt_image));
  BOOST_TEST(problem.message == "the data is PNG, not JPEG");
  auto svg = failure("<svg xmlns='http://www.w3.org/2000/svg'/>", image_format::png, "flip");
  BOOST_TEST((svg.code == error_code::unsupported_media_type));
}

BOOST_AUTO_TEST_CASE(results_over_the_limits_fail_before_they_are_made) {
  std::string png = test_images::gradient(image_format::png, 64, 64);
  auto huge = failure(png, image_format::png, "resize 16384 16384");
  BOOST_TEST((huge.code == error_code::image_too_large));
  BOOST_TEST(huge.message ==
             "resize: the result would be 16384x16384 = 268435456 pixels, over the limit of "
             "100000000");
  imaging::image_limits narrow;
  narrow.max_width = 100;
  auto wide = failure(png, image_format::png, "resize 1000 1000", narrow);
  BOOST_TEST(wide.message.find("resize: the result would be") == 0u, wide.message);
  auto rotated = failure(png, image_format::png, "resize 100 100\nrotate 45", narrow);
  BOOST_TEST(rotated.message.find("rotate: the result would be") == 0u, rotated.message);
}

// trim's size is known only from the pixels: the limits see the input's
// as its bound, and what follows starts from the real one.
BOOST_AUTO_TEST_CASE(after_trim_the_real_size_counts) {
  Magick::Image framed(Magick::Geometry(400, 300), Magick::Color("white"));
  framed.fillColor(Magick::Color("black"));
  framed.draw(Magick::DrawableRectangle(100, 50, 299, 249));
  std::string jpeg = test_images::encode(framed, image_format::jpeg);
  auto trimmed = run(jpeg, image_format::jpeg, "trim 20\nresize 100 1000");
  BOOST_TEST(trimmed.width == 100u);
  BOOST_TEST(trimmed.height == 100u);
  imaging::image_limits small;
  small.max_pixels = 130000;
  // 600x340 holds 400x300 as 453x340 (over the limit), 200x200 as 340x340.
  auto fits = try_run(jpeg, image_format::jpeg, "trim 20\nresize 600 340", small);
  BOOST_TEST(fits.ok(), (fits.ok() ? std::string() : fits.error().message));
  auto over = failure(jpeg, image_format::jpeg, "resize 600 340", small);
  BOOST_TEST(over.message.find("resize: the result would be") == 0u, over.message);
}

BOOST_AUTO_TEST_CASE(inputs_over_the_limits_are_refused_before_decoding) {
  imaging::image_limits small;
  small.max_pixels = 1000;
  auto problem =
      failure(test_images::gradient(image_format::png, 64, 48), image_format::png, "flip", small);
  BOOST_TEST((problem.code == error_code::image_too_large));
  BOOST_TEST(problem.message == "image is 64x48 = 3072 pixels, over the limit of 1000");
  auto bomb = failure(test_images::png_claiming(30000, 30000), image_format::png, "flip");
  BOOST_TEST((bomb.code == error_code::image_too_large));
}

BOOST_AUTO_TEST_CASE(op_calls_that_do_not_match_their_declaration_are_refused) {
  imaging::initialize_imaging({});
  std::string png = test_images::gradient(image_format::png, 64, 48);
  auto result =
      imaging::run_pipeline(png, image_format::png, {{"flip", {}}, {"resize", {"320"}}}, {});
  BOOST_REQUIRE(!result.ok());
  BOOST_TEST((result.error().code == error_code::invalid_operation));
  BOOST_TEST(result.error().message ==
             "ops[1]: resize: expected 2 arguments (width height), got 1");
  auto unknown = imaging::run_pipeline(png, image_format::png, {{"explode", {}}}, {});
  BOOST_TEST(unknown.error().message == "ops[0]: unknown operation \"explode\"");
}

BOOST_AUTO_TEST_CASE(every_format_decodes_and_keeps_its_format) {
  for (auto format : {image_format::jpeg, image_format::png, image_format::gif, image_format::tiff,
                      image_format::bmp, image_format::webp}) {
    auto result = run(test_images::gradient(format, 64, 48), format, "flop");
    BOOST_TEST((result.format == format), imaging::format_name(format));
    BOOST_TEST((imaging::detect_format(result.bytes) == format));
    BOOST_TEST(result.width == 64u);
  }
}

BOOST_AUTO_TEST_CASE(only_the_first_frame_of_an_animation_is_used) {
  imaging::initialize_imaging({});
  std::vector<Magick::Image> frames{Magick::Image(Magick::Geometry(32, 24), "red"),
                                    Magick::Image(Magick::Geometry(32, 24), "blue")};
  for (auto& frame : frames)
    frame.magick("GIF");
  Magick::Blob blob;
  Magick::writeImages(frames.begin(), frames.end(), &blob, true);
  std::string gif(static_cast<const char*>(blob.data()), blob.length());
  auto result = run(gif, image_format::gif, "flip");
  std::vector<Magick::Image> decoded;
  Magick::readImages(&decoded, Magick::Blob(result.bytes.data(), result.bytes.size()));
  BOOST_TEST(decoded.size() == 1u);
  BOOST_TEST(pixel(result, 5, 5).red() > 0.9);
}

// The corpus files are the same 96x64 gradient as valid.png, encoded by the
// reference encoders.
BOOST_AUTO_TEST_CASE(heic_avif_and_jpeg_xl_decode_resize_and_encode) {
  auto reference =
      run(corpus_images::read("valid.png"), image_format::png, "resize 48 32\nformat png");
  for (auto [name, format] :
       {std::pair{"valid.heic", image_format::heic}, std::pair{"valid.avif", image_format::avif},
        std::pair{"valid.jxl", image_format::jxl}}) {
    BOOST_TEST_CONTEXT(name) {
      auto result = run(corpus_images::read(name), format, "resize 48 32\nformat png");
      BOOST_TEST((result.format == image_format::png));
      BOOST_TEST((imaging::detect_format(result.bytes) == image_format::png));
      BOOST_TEST(result.width == 48u);
      BOOST_TEST(result.height == 32u);
      BOOST_TEST(difference(result.bytes, reference.bytes) < 0.03);
    }
  }
}

// The orientation files are 48x32 as stored, with a green top-left quarter.
// libheif turns and mirrors the pixels as irot and imir say and leaves the
// orientation undefined: autoorient must not turn them again. HEIF ignores
// EXIF orientation, so a HEIC whose only orientation is EXIF stays as
// stored.
BOOST_AUTO_TEST_CASE(heif_comes_decoded_upright_and_autoorient_keeps_it) {
  for (const char* command : {"format png", "autoorient\nformat png"}) {
    BOOST_TEST_CONTEXT(command) {
      auto transposed = run(corpus_images::read("orientation-5.avif"), image_format::avif, command);
      BOOST_TEST(transposed.width == 32u);
      BOOST_TEST(transposed.height == 48u);
      BOOST_TEST(is_green(pixel(transposed, 6, 4)));
      auto turned = run(corpus_images::read("orientation-6.avif"), image_format::avif, command);
      BOOST_TEST(turned.width == 32u);
      BOOST_TEST(turned.height == 48u);
      BOOST_TEST(is_green(pixel(turned, 26, 4)));
      auto stored = run(corpus_images::read("orientation-6.heic"), image_format::heic, command);
      BOOST_TEST(stored.width == 48u);
      BOOST_TEST(stored.height == 32u);
      BOOST_TEST(is_green(pixel(stored, 6, 4)));
    }
  }
}

// The JPEG XL decoder keeps the stored frame and reports the orientation:
// autoorient turns it once, as it would the JPEG it was made from.
BOOST_AUTO_TEST_CASE(jpeg_xl_orientation_is_applied_by_autoorient) {
  auto upright =
      run(corpus_images::read("orientation-6.jxl"), image_format::jxl, "autoorient\nformat png");
  BOOST_TEST(upright.width == 32u);
  BOOST_TEST(upright.height == 48u);
  BOOST_TEST(is_green(pixel(upright, 26, 4)));
  auto stored = run(corpus_images::read("orientation-6.jxl"), image_format::jxl, "format png");
  BOOST_TEST(stored.width == 48u);
  BOOST_TEST(is_green(pixel(stored, 6, 4)));
}

// GraphicsMagick's own HEIF reader would copy 960x640 pixels out of the
// 96x64 that libheif decodes, reading far past its buffer.
BOOST_AUTO_TEST_CASE(a_heif_image_is_as_large_as_its_coded_pixels_not_its_ispe) {
  auto reference = run(corpus_images::read("valid.avif"), image_format::avif, "format png");
  auto result =
      run(corpus_images::read("avif-ispe-over-coded.avif"), image_format::avif, "format png");
  BOOST_TEST(result.width == 96u);
  BOOST_TEST(result.height == 64u);
  BOOST_TEST(difference(result.bytes, reference.bytes) < 0.001);
}

// Inputs the pipeline fuzz target found. The first declares a larger ispe
// than its coded image; with the second, libheif's strict decoding refuses
// the AV1 colour primaries and leaks the decoded picture.
BOOST_AUTO_TEST_CASE(heif_inputs_that_once_crashed_or_leaked_decode) {
  for (const char* seed :
       {"crash-heif-ispe-over-coded.avif", "crash-avif-unknown-colour-primaries.avif"}) {
    auto result = run(corpus_images::fuzz_seed("pipeline", seed), image_format::avif,
                      "autoorient\nresize 48 48\nformat png");
    BOOST_TEST(result.width == 32u, seed);
    BOOST_TEST(result.height == 48u, seed);
  }
}

BOOST_AUTO_TEST_CASE(heif_and_jpeg_xl_decoder_failures_are_corrupt_image) {
  auto no_data =
      failure(corpus_images::read("heif-no-coded-data.heic"), image_format::heic, "flip");
  BOOST_TEST((no_data.code == error_code::corrupt_image));
  BOOST_TEST(no_data.message.find("HEIC decoder: ") == 0u, no_data.message);
  auto cut = failure(corpus_images::read("truncated.jxl"), image_format::jxl, "flip");
  BOOST_TEST((cut.code == error_code::corrupt_image));
  BOOST_TEST(cut.message.find("JXL decoder: ") == 0u, cut.message);
  auto avif_as_heic = failure(corpus_images::read("valid.avif"), image_format::heic, "flip");
  BOOST_TEST(avif_as_heic.message == "the data is AVIF, not HEIC");
}

BOOST_AUTO_TEST_SUITE_END()
